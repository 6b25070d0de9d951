"""Projects' start-up registrations (loaded by engnest.features): its notification kinds, the hourly GitHub sync,
and the profile refresh hook that keeps the projects' public text redacted of the owner's current names."""

from __future__ import annotations

from engnest.notifications.domain.notification_kinds import KindStyle
from engnest.notifications.services.kinds import KindSpec, register_kind
from engnest.platform.scheduler.registry import register_periodic
from engnest.profiles.services.profiles import on_profile_refreshed
from engnest.projects.services.github import run_sync_job
from engnest.projects.services.profile_copy import redact_owned, run_redact_stale_job
from engnest.projects.services.tasks import ASSIGNED
from engnest.projects.services.team import INVITED, JOIN_REQUEST, JOINED

register_kind(JOIN_REQUEST, KindSpec(KindStyle("Join request", "user_plus", "blue"), emailed=True))
register_kind(INVITED, KindSpec(KindStyle("Project invitation", "mail", "blue"), emailed=True))
register_kind(JOINED, KindSpec(KindStyle("Joined a project", "users", "green")))
register_kind(ASSIGNED, KindSpec(KindStyle("Task assigned", "list_todo", "orange")))

register_periodic("github-sync", run_sync_job, seconds=3600)
# Projects stored before their public text was (the migration), or under older redaction rules.
register_periodic("project-redaction", run_redact_stale_job, seconds=3600)

# The owner's profile changed (names, hidden words…): re-redact the public text of the projects they own.
on_profile_refreshed(redact_owned)
