"""Messaging's start-up registrations (loaded by engnest.features): the "new message" notification kind (on the
Messages badge, not the bell), forgetting an account's messages when it is deleted, and a finished call's line in
the conversation."""

from __future__ import annotations

from sqlmodel import Session

from engnest.accounts.services import account_hooks
from engnest.calls.services.call_core import on_call_finished
from engnest.messaging.services import account_removal, call_lines
from engnest.notifications.domain.notification_kinds import KindStyle
from engnest.notifications.services.kinds import KindSpec, register_kind


def forget_account(session: Session, user_id: int) -> None:
    account_removal.do_forget_account(session=session, user_id=user_id)


register_kind("message", KindSpec(KindStyle("Message", "message_circle", "blue"), on_bell=False))
account_hooks.on_account_deleting(forget_account)
on_call_finished(call_lines.do_record_call)  # "Missed video call" / "Video call · 3:12" in the conversation
