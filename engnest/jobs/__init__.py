"""The scheduler: APScheduler 3 with its jobs in the app's database (table `apscheduler_jobs`, created by
the migration). Services write the job rows in their own transactions (platform.scheduler.timers; a meeting's
in meetings.services.timers); the scheduler (platform.scheduler) only runs them, and the job function
(tasks.fire) calls the handler a feature registered for the timer's kind, which only calls services.
This package is the composition layer's: `python -m engnest.jobs` loads every feature's registrations.

Exactly one scheduler runs the jobs (SCHEDULER_MODE):
* embedded (default): inside the web process (started by the app's lifespan). With REDIS_URL, every web
  worker starts one *paused* and a Redis leader lock decides which one runs; the others take over when the
  leader's lock expires.
* external: web processes run none; `python -m engnest.jobs` runs it (also behind the leader lock when
  REDIS_URL is set, so a second copy is a hot standby).
* off: nothing runs jobs (page loads still catch meetings up lazily).
"""
