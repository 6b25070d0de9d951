"""Projects' start-up registrations (loaded by engnest.features): its notification kinds and the hourly GitHub sync."""

from __future__ import annotations

from engnest.notifications.domain.notification_kinds import KindStyle
from engnest.notifications.services.kinds import KindSpec, register_kind
from engnest.platform.scheduler.registry import register_periodic
from engnest.projects.services.github import run_sync_job
from engnest.projects.services.tasks import ASSIGNED
from engnest.projects.services.team import INVITED, JOIN_REQUEST, JOINED

register_kind(JOIN_REQUEST, KindSpec(KindStyle("Join request", "user_plus", "blue"), emailed=True))
register_kind(INVITED, KindSpec(KindStyle("Project invitation", "mail", "blue"), emailed=True))
register_kind(JOINED, KindSpec(KindStyle("Joined a project", "users", "green")))
register_kind(ASSIGNED, KindSpec(KindStyle("Task assigned", "list_todo", "orange")))

register_periodic("github-sync", run_sync_job, seconds=3600)
