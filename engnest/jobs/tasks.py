"""Job functions. Every timer row names `engnest.jobs.tasks:fire` (APScheduler stores the reference in the row),
so this path stays as it is: rows written before the feature packages existed keep working. The handlers are
the features' (engnest.platform.scheduler.registry); the process registers them at start (engnest.features)."""

from __future__ import annotations

from engnest.platform.mail.mail import sweep_mail
from engnest.platform.scheduler.registry import fire

__all__ = ["fire", "sweep_mail"]
