"""The app shell: a top bar with the sections that exist, colour-mode switch, and the page body."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from engnest.platform import routes

# (label, route, icon). Add a section here when its page exists; there are no dead links.
NAV_ITEMS: list[tuple[str, str, str]] = [
    ("Home", routes.HOME, "house"),
    ("Discover", routes.DISCOVER, "search"),
    ("Friends", routes.FRIENDS, "users"),
    ("Projects", routes.PROJECTS, "folder_kanban"),
    ("Meetings", routes.MEETINGS, "calendar_days"),
    ("Messages", routes.MESSAGES, "message_circle"),
    ("Rooms", routes.ROOMS, "hash"),
    ("Feed", routes.FEED, "newspaper"),
    ("Credits", routes.CREDITS, "coins"),
    ("Profile", routes.PROFILE, "user"),
    ("Settings", routes.SETTINGS, "settings"),
]
USER_MENU_ROUTES = frozenset({routes.PROFILE, routes.SETTINGS})


def logo(size: str = "6") -> rx.Component:
    return rx.link(
        rx.hstack(
            rx.image(src="/logo.svg", alt="", width="32px", height="32px"),
            rx.heading("EngNest", size=size, weight="bold"),
            align="center",
            spacing="2",
        ),
        href=routes.LANDING,
        underline="none",
        color="inherit",
    )


def count_badge(count: rx.Var, test_id: str) -> rx.Component:
    """A small live counter beside a nav item (hidden at zero)."""
    return rx.cond(
        count > 0,
        rx.badge(rx.cond(count > 99, "99+", count.to_string()), color_scheme="red", variant="solid", radius="full", size="1", data_testid=test_id),
    )


def _any_count_dot(counts: list[rx.Var]) -> rx.Component:
    """On the closed phone menu: a dot when any nav counter is above zero."""
    total = counts[0]
    for count in counts[1:]:
        total = total + count
    return rx.cond(
        total > 0,
        rx.box(position="absolute", top="2px", right="2px", width="8px", height="8px", border_radius="50%", background_color="var(--red-9)"),
    )


def bell_link(count: rx.Var) -> rx.Component:
    """The notification bell with its live unread count (on every screen size)."""
    return rx.link(
        rx.box(
            rx.icon("bell", size=18),
            rx.cond(
                count > 0,
                rx.box(
                    count_badge(count, "bell-count"),
                    position="absolute", top="-9px", right="-12px", line_height="1",
                ),
            ),
            position="relative",
            display="flex",
        ),
        href=routes.NOTIFICATIONS,
        underline="none",
        color_scheme="gray",
        high_contrast=True,
        padding_left="0.5em",
        padding_right="1em",  # room for the count badge, which sits over the bell's top-right corner
        flex_shrink="0",
        aria_label=rx.cond(count > 0, "Notifications, " + count.to_string() + " unread", "Notifications"),
        title="Notifications",
        data_testid="nav-bell",
    )


def is_current(current_path: rx.Var | None, href: str) -> rx.Var | bool:
    """Whether `href`'s section is the page shown (a meeting page is under Meetings)."""
    if current_path is None:
        return False
    return (current_path == href) | current_path.startswith(href + "/")


def nav_link(label: str, href: str, icon: str, badge: rx.Var | None = None, current_path: rx.Var | None = None) -> rx.Component:
    slug = href.strip("/").replace("/", "-") or "home"
    current = is_current(current_path, href)
    return rx.link(
        rx.hstack(
            rx.icon(icon, size=16),
            # Between the phone menu and a wide screen the bar only fits icons (the name stays in
            # aria-label and the tooltip).
            rx.text(label, size="3", display=["none", "none", "none", "none", "inline"]),
            *([count_badge(badge, f"nav-badge-{slug}")] if badge is not None else []),
            align="center",
            spacing="1",
        ),
        href=href,
        underline="none",
        color_scheme=rx.cond(current, "accent", "gray") if current_path is not None else "gray",
        high_contrast=True,
        padding_x="0.4em",
        padding_y="0.2em",
        border_radius="var(--radius-2)",
        background_color=rx.cond(current, "var(--accent-a3)", "transparent") if current_path is not None else "transparent",
        weight=rx.cond(current, "bold", "regular") if current_path is not None else "regular",
        aria_label=label,
        title=label,
        custom_attrs={"aria-current": rx.cond(current, "page", "false")} if current_path is not None else {},
        data_testid=f"nav-{slug}",
    )


def top_bar(
    signed_in: rx.Var,
    display_name: rx.Var,
    on_sign_out: Callable,
    extra: list[rx.Component] | None = None,
    badges: dict[str, rx.Var] | None = None,
    bell: rx.Var | None = None,
    known: rx.Var | bool = True,
    current_path: rx.Var | None = None,
) -> rx.Component:
    """`extra`: more nav components after the items; `badges`: route -> live count shown beside that item;
    `bell`: the unread notifications count (shows the bell); `known`: whether the session has been checked
    yet (until then a neutral placeholder, never "Sign in" to someone who is signed in); `current_path`:
    the page shown (its nav item is marked as the current page)."""
    badges = badges or {}
    signed_in_nav = rx.hstack(
        # Profile and Settings live in the user menu on wide screens (the bar has no room for both).
        *[nav_link(label, href, icon, badges.get(href), current_path) for label, href, icon in NAV_ITEMS if href not in USER_MENU_ROUTES],
        *(extra or []),
        rx.menu.root(
            rx.menu.trigger(
                rx.button(
                    rx.icon("circle_user", size=16, flex_shrink="0"),
                    # One line, cut with an ellipsis: a long name or e-mail never wraps inside the button.
                    rx.text(display_name, as_="span", display="block", max_width="12em", overflow="hidden", white_space="nowrap", text_overflow="ellipsis"),
                    variant="soft",
                    white_space="nowrap",
                    data_testid="user-menu",
                    aria_label="Account menu",
                ),
            ),
            rx.menu.content(
                rx.menu.item("Profile", on_click=rx.redirect(routes.PROFILE)),
                rx.menu.item("Settings", on_click=rx.redirect(routes.SETTINGS)),
                rx.menu.separator(),
                rx.menu.item("Sign out", on_click=on_sign_out, color_scheme="red", data_testid="sign-out"),
            ),
        ),
        align="center",
        spacing="2",
        display=["none", "none", "flex"],
    )
    signed_in_mobile = rx.box(
        rx.menu.root(
            rx.menu.trigger(
                rx.box(
                    rx.icon_button(rx.icon("menu"), variant="ghost", aria_label="Menu"),
                    *([_any_count_dot(list(badges.values()))] if badges else []),
                    position="relative",
                )
            ),
            rx.menu.content(
                *[
                    rx.menu.item(
                        label,
                        *([count_badge(badges[href], f"nav-badge-{href.strip('/')}-mobile")] if href in badges else []),
                        on_click=rx.redirect(href),
                    )
                    for label, href, _ in NAV_ITEMS
                ],
                rx.menu.separator(),
                rx.menu.item("Sign out", on_click=on_sign_out, color_scheme="red"),
            ),
        ),
        display=["block", "block", "none"],
    )
    signed_out_nav = rx.hstack(
        # Both buttons of the same (non-ghost) kind: a ghost button's negative margins set it off its neighbour.
        rx.link(rx.button("Sign in", variant="soft"), href=routes.SIGN_IN, data_testid="nav-sign-in"),
        rx.link(rx.button("Sign up"), href=routes.SIGN_UP, data_testid="nav-sign-up"),
        spacing="2",
        align="center",
    )
    unknown = rx.skeleton(rx.box(width="14em", height="32px"), loading=True, data_testid="nav-skeleton")
    nav = rx.cond(signed_in, rx.fragment(signed_in_nav, *([bell_link(bell)] if bell is not None else []), signed_in_mobile), signed_out_nav)
    return rx.el.header(
        rx.hstack(
            logo(),
            rx.spacer(),
            rx.el.nav(
                rx.cond(known, nav, unknown) if known is not True else nav,
                aria_label="Main",
                style={"display": "flex", "alignItems": "center", "gap": "var(--space-3)"},
            ),
            rx.color_mode.button(variant="ghost", aria_label="Toggle dark mode"),
            align="center",
            spacing="3",
            width="100%",
        ),
        padding_x=["1em", "1.5em", "2em"],
        padding_y="0.75em",
        border_bottom="1px solid var(--gray-a5)",
        position="sticky",
        top="0",
        z_index="10",
        background_color="var(--color-background)",
        width="100%",
    )


def page_skeleton() -> rx.Component:
    """What a signed-in page shows until the session is known: neutral grey blocks, nothing that could be
    wrong for the person (no "Sign in", no empty "Hello,", no default timezone)."""
    return rx.vstack(
        rx.skeleton(rx.box(height="2.4em", width="45%"), loading=True),
        rx.skeleton(rx.box(height="1.2em", width="70%"), loading=True),
        rx.skeleton(rx.box(height="10em", width="100%"), loading=True),
        spacing="4",
        width="100%",
        aria_busy="true",
        aria_label="Loading",
        role="status",
        data_testid="page-skeleton",
    )


def page_frame(header: rx.Component, *body: rx.Component, max_width: str = "960px") -> rx.Component:
    return rx.box(
        header,
        rx.el.main(
            *body,
            max_width=max_width,
            margin_x="auto",
            padding_x=["1em", "1.5em", "2em"],
            padding_y="1.5em",
            width="100%",
        ),
        rx.el.footer(
            rx.text(
                "EngNest — engineers of every discipline, meeting in person. City data: GeoNames (CC BY 4.0).",
                size="1",
                color_scheme="gray",
            ),
            padding="2em",
            text_align="center",
        ),
        min_height="100vh",
    )
