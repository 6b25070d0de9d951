"""The posts feed page: sort tabs (hot, new, top of the day/week/all time), tag and room filters, cards under
pseudonyms with votes, "Load more" by cursor, and a form to write a post (text, a code snippet, tags)."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.community.domain import posts as rules
from engnest.community.pages.feed_state import FeedState as F
from engnest.platform.ui.shell import app_page

LANGUAGES = [rules.AUTO, *rules.LANGUAGES]


def error(errors: rx.Var, key: str) -> rx.Component:
    return rx.cond(errors.contains(key), rx.text(errors[key], color_scheme="red", size="2", role="alert", data_testid=f"error-{key}"))


def votes(score: rx.Var, mine: rx.Var, on_vote, testid: str = "post") -> rx.Component:
    """Up / score / down; clicking the chosen arrow again takes the vote back."""
    return rx.vstack(
        rx.icon_button(rx.icon("arrow_big_up", size=16), size="1", variant=rx.cond(mine == 1, "solid", "ghost"), aria_label="Vote up",
                       on_click=on_vote(rx.cond(mine == 1, 0, 1)), data_testid=f"{testid}-up"),
        rx.text(score, size="2", weight="bold", data_testid=f"{testid}-score"),
        rx.icon_button(rx.icon("arrow_big_down", size=16), size="1", variant=rx.cond(mine == -1, "solid", "ghost"), aria_label="Vote down",
                       on_click=on_vote(rx.cond(mine == -1, 0, -1)), data_testid=f"{testid}-down"),
        align="center",
        spacing="1",
    )


def byline(item: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(item.author, size="1", weight="medium", data_testid="post-author"),
        rx.cond(item.met, rx.badge("met", size="1", variant="soft", color_scheme="green")),
        rx.cond(item.room_name != "", rx.link(rx.badge(rx.icon("hash", size=10), item.room_name, variant="outline"), href=item.room_href)),
        rx.text(item.time, size="1", color_scheme="gray", title=item.stamp),
        rx.cond(item.edited, rx.text("edited", size="1", color_scheme="gray", data_testid="post-edited")),
        spacing="2",
        align="center",
        wrap="wrap",
    )


def _card(item: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            votes(item.score, item.my_vote, lambda v: F.vote(item.id, v)),
            rx.vstack(
                rx.link(rx.text(item.title, weight="bold", size="3"), href=item.href, data_testid="post-title"),
                byline(item),
                rx.text(item.excerpt, size="2", color_scheme="gray", white_space="pre-wrap", overflow_wrap="anywhere"),
                rx.hstack(
                    rx.cond(item.language != "", rx.badge(rx.icon("code", size=10), item.language, variant="soft", color_scheme="violet")),
                    rx.foreach(item.tags, lambda t: rx.badge(t, variant="soft", cursor="pointer", on_click=F.filter_tag(t))),
                    rx.link(rx.text(item.comments, size="1"), href=item.href),
                    spacing="1",
                    wrap="wrap",
                    align="center",
                ),
                spacing="1",
                align="start",
                width="100%",
            ),
            width="100%",
            align="start",
        ),
        width="100%",
        data_testid="post-card",
    )


def _tabs() -> rx.Component:
    return rx.hstack(
        rx.segmented_control.root(
            rx.segmented_control.item("Hot", value=rules.HOT),
            rx.segmented_control.item("New", value=rules.NEW),
            rx.segmented_control.item("Top", value=rules.TOP),
            value=F.sort,
            on_change=F.show,
            aria_label="Sort",
        ),
        rx.cond(
            F.sort == rules.TOP,
            rx.select([rules.DAY, rules.WEEK, rules.ALL], value=F.window, on_change=F.set_window, aria_label="Top of", size="2"),
        ),
        rx.cond(F.tag != "", rx.badge("#", F.tag, variant="solid", data_testid="feed-tag")),
        rx.cond((F.tag != "") | (F.room_id != 0), rx.button("Everything", size="1", variant="ghost", on_click=F.everywhere)),
        spacing="3",
        align="center",
        wrap="wrap",
    )


def post_fields(errors: rx.Var, title: rx.Var | str = "", body: rx.Var | str = "", code: rx.Var | str = "", language: rx.Var | str = rules.AUTO,
                tags: rx.Var | str = "") -> list[rx.Component]:
    return [
        rx.input(name="title", placeholder="Title", default_value=title, aria_label="Title", width="100%", data_testid="post-title-input"),
        error(errors, "title"),
        rx.text_area(name="body", placeholder="What are you working on, or stuck with?", default_value=body, aria_label="Text",
                     width="100%", rows="4", data_testid="post-body-input"),
        error(errors, "body"),
        rx.text_area(name="code", placeholder="Code snippet (optional)", default_value=code, aria_label="Code snippet", width="100%", rows="4",
                     font_family="var(--code-font-family, monospace)", data_testid="post-code-input"),
        error(errors, "code"),
        rx.hstack(
            rx.select(LANGUAGES, name="language", default_value=language, aria_label="Language of the code"),
            rx.input(name="tags", placeholder="Tags, e.g. fea python", default_value=tags, aria_label="Tags", width="100%", data_testid="post-tags-input"),
            width="100%",
        ),
        error(errors, "language"),
        error(errors, "tags"),
    ]


def _new_post() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(rx.cond(F.room_id != 0, "Post in this room", "Write a post"), size="4"),
            *post_fields(F.errors),
            rx.button("Post", type="submit", data_testid="post-submit"),
            spacing="2",
            width="100%",
        ),
        on_submit=F.create,
        reset_on_submit=False,
        width="100%",
    )


def feed_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.heading("Feed", size="7"),
            rx.text("What engineers here are building, under their pseudonyms. Times are in ", AuthState.timezone, ".", color_scheme="gray"),
            _tabs(),
            error(F.errors, "form"),
            rx.vstack(
                rx.foreach(F.cards, _card),
                rx.cond(F.loaded & (F.cards.length() == 0), rx.text("No posts here yet: write the first.", color_scheme="gray", data_testid="no-posts")),
                width="100%",
                spacing="2",
            ),
            rx.cond(F.next_cursor != "", rx.button("Load more", variant="soft", on_click=F.more, data_testid="feed-more")),
            rx.card(_new_post(), width="100%"),
            spacing="4",
            width="100%",
        ),
        max_width="760px",
    )


ON_LOAD = [AuthState.require_login, F.load]
