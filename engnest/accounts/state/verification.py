"""The "confirm your email" banner's action: resend the verification link to the signed-in account."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.services import email_verification
from engnest.accounts.state.session import caller, to_sign_in
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed


class VerificationState(rx.State):
    note: str = ""
    busy: bool = False

    @rx.event
    async def resend(self):
        user = await caller(self)
        if user is None:
            yield to_sign_in(self)
            return
        self.busy, self.note = True, ""
        yield
        try:
            self.note = await in_session(
                email_verification.resend, user_id=user.id, client=self.router.session.client_ip or "unknown", now=utcnow()
            )
        except ValidationFailed as exc:
            self.note = exc.first()
        self.busy = False
