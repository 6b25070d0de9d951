"""Accounts' registrations with the web frame and HTTP app (loaded by engnest.features.load_web): who is signed
in, the "confirm your email" banner, the session-cookie endpoints, the API tokens section of Settings."""

from __future__ import annotations

import reflex as rx

from engnest.accounts import auth_http
from engnest.accounts.components.verify_banner import verify_banner
from engnest.accounts.pages import settings
from engnest.accounts.pages.tokens_section import TokensState, tokens_card
from engnest.accounts.state.auth import AuthState
from engnest.accounts.state.verification import VerificationState
from engnest.platform.http import register_routes
from engnest.platform.ui import shell


def verification_banner() -> rx.Component:
    return rx.cond(
        AuthState.signed_in & ~AuthState.email_verified,
        verify_banner(AuthState.email, VerificationState.note, VerificationState.busy, VerificationState.resend),
    )


shell.register_identity(signed_in=AuthState.signed_in, display_name=AuthState.display_name, known=AuthState.known, sign_out=AuthState.sign_out)
shell.register_banner(verification_banner)
register_routes(*auth_http.ROUTES)
settings.register_section(30, tokens_card, TokensState.load)
