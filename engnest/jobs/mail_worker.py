"""`python -m engnest.jobs.mail_worker`: the mail worker process (MAIL_DELIVERY=worker), which builds and sends every
queued email, fresh and retries, off the scheduler's and web workers' path (platform.mail.worker)."""

from __future__ import annotations

import logging
import signal
import threading

from engnest import features
from engnest.platform.mail.worker import MailWorker


def main() -> None:
    features.load_services()  # every model (the email's foreign keys) and the accounts' opt-out check
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    worker = MailWorker()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    worker.start()
    logging.getLogger("engnest.mail").info("mail worker started (poll %ss)", worker.poll_seconds)
    stop.wait()
    worker.stop()


if __name__ == "__main__":
    main()
