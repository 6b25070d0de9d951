"""`python -m engnest.jobs`: the dedicated scheduler process (SCHEDULER_MODE=external). With REDIS_URL it
hands live pushes to the web workers and holds the leader lock (a second copy waits as a hot standby)."""

from __future__ import annotations

import logging
import signal
import threading

from engnest import features
from engnest.platform import events
from engnest.platform.scheduler.runtime import SchedulerRuntime
from engnest.platform.settings import get_settings


def main() -> None:
    features.load_services()  # timer kinds, notification kinds, hooks
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    if settings.redis_url:
        import redis

        from engnest.platform.realtime import redis_queue_sink

        events.add_sink(redis_queue_sink(redis.Redis.from_url(settings.redis_url)))
    runtime = SchedulerRuntime(redis_url=settings.redis_url).start()
    logging.getLogger("engnest.jobs").info("scheduler process started (poll %ss)", runtime.scheduler.poll_seconds)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    runtime.stop(wait=True)


if __name__ == "__main__":
    main()
