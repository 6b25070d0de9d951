"""Community's start-up registrations (loaded by engnest.features): rooms keep their counts and an owner when a
member's account is deleted; what can be reported; the notifications moderation sends; the mention and reply
notification kinds."""

from __future__ import annotations

from sqlmodel import Session

from engnest.accounts.services import account_hooks
from engnest.community.services import moderation_reports, post_reports, report_kinds, rooms
from engnest.community.services.mentions import MENTION, REPLY
from engnest.notifications.domain.notification_kinds import KindStyle
from engnest.notifications.services.kinds import KindSpec, register_kind
from engnest.platform.clock import utcnow


def forget_account(session: Session, user_id: int) -> None:
    rooms.do_forget_account(session=session, user_id=user_id, now=utcnow())


account_hooks.on_account_deleting(forget_account)
report_kinds.register()
post_reports.register()
register_kind(moderation_reports.WARNED, KindSpec(KindStyle("Moderator's warning", "triangle_alert", "amber")))
register_kind(moderation_reports.BANNED, KindSpec(KindStyle("Removed from a room", "ban", "red")))
register_kind(moderation_reports.SUSPENDED, KindSpec(KindStyle("Account suspended", "ban", "red"), emailed=True))
register_kind(MENTION, KindSpec(KindStyle("Mentioned you", "at_sign", "violet")))
register_kind(REPLY, KindSpec(KindStyle("Replied to you", "message_square_reply", "blue")))
