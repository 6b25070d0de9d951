"""Calls' start-up registrations (loaded by engnest.features): the missed-call notification kind."""

from __future__ import annotations

from engnest.notifications.domain.notification_kinds import KindStyle
from engnest.notifications.services.kinds import KindSpec, register_kind

register_kind("call_missed", KindSpec(KindStyle("Missed call", "phone_missed", "red")))
