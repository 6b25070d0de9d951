"""Network's start-up registrations (loaded by engnest.features): its notification kinds."""

from __future__ import annotations

from engnest.notifications.domain.notification_kinds import KindStyle
from engnest.notifications.services.kinds import KindSpec, register_kind

register_kind("friend_request", KindSpec(KindStyle("Friend request", "user_plus", "blue")))
register_kind("friend_accepted", KindSpec(KindStyle("New friend", "user_check", "green")))
