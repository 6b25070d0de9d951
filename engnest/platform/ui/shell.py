"""The frame of every page: the top bar, banners and per-tab parts, bound to what the features register.

The platform knows no feature: at import time the accounts feature registers who is signed in (its AuthState
vars and sign-out), messaging the Messages badge, notifications the bell, network the presence heartbeat. The
composition root (engnest/engnest.py) imports every feature before the app compiles its pages, so the frame is
complete when a page is built (Reflex compiles pages lazily, after all imports)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import reflex as rx

from engnest.platform.ui.layout import page_frame, page_skeleton, top_bar

BROWSER_TZ_JS = "Intl.DateTimeFormat().resolvedOptions().timeZone"


@dataclass
class Frame:
    """What the features registered for the frame (vars and handlers of their states, not the states)."""

    signed_in: rx.Var | bool = False
    display_name: rx.Var | str = ""
    known: rx.Var | bool = True
    sign_out: Callable | None = None
    badges: dict[str, rx.Var] = field(default_factory=dict)  # nav route -> live count beside it
    bell: rx.Var | None = None  # unread notifications (shows the bell)
    banners: list[Callable[[], rx.Component]] = field(default_factory=list)  # under the top bar
    signed_in_parts: list[Callable[[], rx.Component]] = field(default_factory=list)  # per-tab parts (heartbeat)


FRAME = Frame()


def register_identity(*, signed_in: rx.Var, display_name: rx.Var, known: rx.Var, sign_out: Callable) -> None:
    FRAME.signed_in, FRAME.display_name, FRAME.known, FRAME.sign_out = signed_in, display_name, known, sign_out


def register_badge(route: str, count: rx.Var) -> None:
    FRAME.badges[route] = count


def register_bell(count: rx.Var) -> None:
    FRAME.bell = count


def register_banner(build: Callable[[], rx.Component]) -> None:
    if build not in FRAME.banners:
        FRAME.banners.append(build)


def register_signed_in_part(build: Callable[[], rx.Component]) -> None:
    if build not in FRAME.signed_in_parts:
        FRAME.signed_in_parts.append(build)


def app_page(*body: rx.Component, max_width: str = "960px", public: bool = False) -> rx.Component:
    """A page in the app's frame. Until the session is known (a cold load takes a moment) the top bar shows a
    neutral placeholder, and a signed-in page (`public=False`) a skeleton instead of its signed-out look."""
    f = FRAME
    content = body if public else (rx.cond(f.signed_in, rx.fragment(*body), page_skeleton()),)
    return page_frame(
        top_bar(
            f.signed_in, f.display_name, f.sign_out, badges=dict(f.badges),
            bell=f.bell, known=f.known, current_path=rx.State.router.url.path,
        ),
        *[build() for build in f.banners],
        *content,
        *[rx.cond(f.signed_in, build()) for build in f.signed_in_parts],
        max_width=max_width,
    )


def auth_card(title: str, subtitle: str, *body: rx.Component) -> rx.Component:
    return app_page(
        rx.center(
            rx.card(
                rx.vstack(
                    rx.heading(title, size="7"),
                    rx.text(subtitle, color_scheme="gray"),
                    *body,
                    spacing="4",
                    width="100%",
                ),
                size="4",
                width="100%",
                max_width="460px",
            ),
            width="100%",
            padding_y="2em",
        ),
        public=True,
    )
