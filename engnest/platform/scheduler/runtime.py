"""Starting and stopping the one scheduler of a deployment (see engnest.jobs for the modes)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading

from engnest.platform.clock import utcnow
from engnest.platform.db import get_engine, unit_of_work
from engnest.platform.mail.mail import sweep_mail
from engnest.platform.scheduler import registry, timers
from engnest.platform.scheduler.leader import LeaderLock
from engnest.platform.scheduler.scheduler import AppScheduler
from engnest.platform.settings import get_settings

log = logging.getLogger(__name__)


def _key(name: str) -> str:
    return f"{get_settings().redis_prefix}:scheduler:{name}"


class SchedulerRuntime:
    """One process's scheduler: running (no Redis) or paused until this process holds the leader lock."""

    def __init__(self, *, engine=None, redis_url: str | None = None, poll_seconds: float | None = None, lock_ttl: float | None = None) -> None:
        settings = get_settings()
        self.engine = engine or get_engine()
        self.scheduler = AppScheduler(engine=self.engine, poll_seconds=poll_seconds or settings.scheduler_poll_seconds, threads=settings.scheduler_threads)
        self.redis_url = redis_url
        self.lock_ttl = lock_ttl or settings.scheduler_lock_ttl_seconds
        self.redis = None
        self.leader: LeaderLock | None = None
        self._stop = threading.Event()
        self._subscriber: threading.Thread | None = None
        if settings.mail_delivery == "inline":  # else the mail worker retries too
            self.scheduler.add_job(
                sweep_mail, "interval", seconds=settings.mail_sweep_seconds, id="mail-sweep", jobstore="memory", replace_existing=True
            )
        for job_id, (fn, seconds) in registry.PERIODIC.items():
            self.scheduler.add_job(fn, "interval", seconds=seconds, id=job_id, jobstore="memory", replace_existing=True)

    @property
    def running(self) -> bool:
        from apscheduler.schedulers.base import STATE_RUNNING

        return self.scheduler.state == STATE_RUNNING

    def _reconcile(self) -> None:
        with unit_of_work(self.engine) as session:  # the job owns the unit of work: reconcilers never commit
            fixed = registry.reconcile(session=session, now=utcnow())
        if fixed:
            log.info("scheduler: re-created timers for %d meetings/reports", fixed)

    def _gain(self) -> None:
        self._reconcile()
        self.scheduler.resume()

    def start(self) -> SchedulerRuntime:
        timers.add_listener(self.nudge)
        if self.redis_url:
            import redis

            self.redis = redis.Redis.from_url(self.redis_url)
            self.scheduler.start(paused=True)
            self._subscriber = threading.Thread(target=self._listen, name="engnest-scheduler-nudges", daemon=True)
            self._subscriber.start()
            self.leader = LeaderLock(self.redis, _key("leader"), self.lock_ttl, self._gain, self.scheduler.pause).start()
        else:
            self._reconcile()
            self.scheduler.start()
        return self

    def nudge(self) -> None:
        """Timers changed (after a commit in this process): wake the scheduler here and wherever it runs."""
        if self.running:
            self.scheduler.wakeup()
        if self.redis is not None:
            self.redis.publish(_key("wakeup"), b"1")

    def _listen(self) -> None:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(_key("wakeup"))
        while not self._stop.is_set():
            try:
                if pubsub.get_message(timeout=1.0) is not None and self.running:
                    self.scheduler.wakeup()
            except Exception:
                log.exception("scheduler nudge listener failed")
                self._stop.wait(1.0)
        pubsub.close()

    def stop(self, wait: bool = True) -> None:
        timers.remove_listener(self.nudge)
        self._stop.set()
        if self.leader is not None:
            self.leader.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)
        if self._subscriber is not None:
            self._subscriber.join(timeout=3)
        if self.redis is not None:
            self.redis.close()


def nudge_only() -> None:
    """In processes that run no scheduler (external mode web workers): nudge the one elsewhere via Redis."""
    url = get_settings().redis_url
    if not url:
        return
    import redis

    client = redis.Redis.from_url(url)
    timers.add_listener(lambda: client.publish(_key("wakeup"), b"1"))


def start_for_process(mode: str) -> SchedulerRuntime | None:
    settings = get_settings()
    if settings.scheduler_mode != mode:
        if settings.scheduler_mode == "external" and mode == "embedded":
            nudge_only()
        return None
    return SchedulerRuntime(redis_url=settings.redis_url).start()


@contextlib.asynccontextmanager
async def lifespan(app):
    """Registered on the Reflex app: the embedded scheduler lives as long as the web process."""
    runtime = await asyncio.to_thread(start_for_process, "embedded")
    try:
        yield runtime
    finally:
        if runtime is not None:
            await asyncio.to_thread(runtime.stop, False)
