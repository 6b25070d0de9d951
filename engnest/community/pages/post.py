"""One post: its text, its code snippet syntax-highlighted (as text: the highlighter builds elements, never HTML),
votes, and the nested comments with reply, edit and delete."""

from __future__ import annotations

import reflex as rx

from engnest.accounts.state.auth import AuthState
from engnest.community.pages.feed import byline, error, post_fields, votes
from engnest.community.pages.post_state import PostState as P
from engnest.community.pages.report_state import ReportState, report_dialog
from engnest.platform import routes
from engnest.platform.ui.shell import app_page

ROUTE = f"{routes.FEED}/[post_id]"


def _text(parts: rx.Var, testid: str) -> rx.Component:
    return rx.text(
        rx.foreach(parts, lambda p: rx.cond(
            p.href != "", rx.el.a(p.text, href=p.href, target="_blank", rel="noopener noreferrer nofollow ugc", style={"text_decoration": "underline"}),
            rx.text.span(p.text),
        )),
        white_space="pre-wrap", overflow_wrap="anywhere", data_testid=testid,
    )


def _comment_form(on_submit, label: str, testid: str, default: rx.Var | str = "") -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text_area(name="body", placeholder=label, default_value=default, aria_label=label, width="100%", rows="3", data_testid=f"{testid}-input"),
            error(P.errors, "body"),
            rx.hstack(
                rx.button(label, type="submit", size="2", data_testid=f"{testid}-submit"),
                rx.button("Cancel", type="button", size="2", variant="ghost", on_click=P.cancel),
            ),
            width="100%",
            spacing="1",
        ),
        on_submit=on_submit,
        reset_on_submit=True,
        width="100%",
    )


def _comment(item: rx.Var) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(rx.cond(item.hidden, "Hidden", item.author), size="1", weight="medium", data_testid="comment-author"),
            rx.cond(item.met, rx.badge("met", size="1", variant="soft", color_scheme="green")),
            rx.text(item.time, size="1", color_scheme="gray", title=item.stamp),
            rx.cond(item.edited & ~item.deleted, rx.text("edited", size="1", color_scheme="gray")),
            spacing="2",
            align="center",
        ),
        rx.cond(
            item.deleted | item.hidden,
            rx.text(rx.cond(item.deleted, "This comment was deleted.", "Hidden: you blocked each other."), size="2", color_scheme="gray", font_style="italic"),
            rx.cond(P.editing == item.id, _comment_form(P.save_comment, "Save", "comment-edit"), _text(item.parts, "comment-text")),
        ),
        rx.cond(
            ~item.deleted & ~item.hidden,
            rx.hstack(
                rx.button("Reply", size="1", variant="ghost", on_click=P.reply_to(item.id), data_testid="comment-reply"),
                rx.cond(item.mine, rx.button("Edit", size="1", variant="ghost", on_click=P.edit(item.id), data_testid="comment-edit")),
                rx.cond(item.mine | P.may_moderate,
                        rx.button("Delete", size="1", variant="ghost", color_scheme="red", on_click=P.delete_comment(item.id), data_testid="comment-delete")),
                rx.cond(~item.mine, rx.button("Report", size="1", variant="ghost", color_scheme="gray",
                                              on_click=ReportState.start("comment", item.id, 0, item.author), data_testid="comment-report")),
                spacing="1",
            ),
        ),
        rx.cond(P.replying_to == item.id, _comment_form(P.comment, "Reply", "comment-reply-form")),
        padding_left=item.indent,
        border_left="2px solid var(--gray-a4)",
        padding_y="4px",
        margin_left="4px",
        id=f"comment-{item.id}",
        data_depth=item.depth,
        data_testid="comment",
    )


def _post() -> rx.Component:
    c = P.card
    return rx.card(
        rx.hstack(
            votes(c.score, c.my_vote, P.vote),
            rx.vstack(
                rx.heading(c.title, size="5", data_testid="post-heading"),
                byline(c),
                _text(P.body, "post-body"),
                rx.cond(P.code != "", rx.box(rx.code_block(P.code, language=c.language, show_line_numbers=True, wrap_long_lines=True),
                                             width="100%", data_testid="post-code", data_language=c.language)),
                rx.hstack(rx.foreach(c.tags, lambda t: rx.link(rx.badge(t, variant="soft"), href=f"{routes.FEED}?tag=" + t)), spacing="1"),
                rx.hstack(
                    rx.cond(P.mine, rx.button("Edit", size="1", variant="soft", on_click=P.edit_post, data_testid="post-edit")),
                    rx.cond(P.mine | P.may_moderate,
                            rx.button("Delete", size="1", variant="soft", color_scheme="red", on_click=P.delete_post, data_testid="post-delete")),
                    rx.cond(~P.mine, rx.button(rx.icon("flag", size=12), "Report", size="1", variant="soft", color_scheme="gray",
                                               on_click=ReportState.start("post", P.post_id, 0, c.title), data_testid="post-report")),
                    spacing="2",
                ),
                spacing="2",
                align="start",
                width="100%",
            ),
            align="start",
            width="100%",
        ),
        width="100%",
    )


def _edit_post() -> rx.Component:
    c = P.card
    return rx.form(
        rx.vstack(*post_fields(P.errors, c.title, P.raw_body, P.code, c.language, c.tags.join(" ")),
                  rx.hstack(rx.button("Save", type="submit", data_testid="post-save"), rx.button("Cancel", type="button", variant="ghost", on_click=P.cancel)),
                  spacing="2", width="100%"),
        on_submit=P.save_post,
        width="100%",
    )


def post_page() -> rx.Component:
    return app_page(
        rx.vstack(
            rx.link("← Feed", href=routes.FEED),
            rx.cond(P.refused != "", rx.callout(P.refused, icon="lock", color_scheme="amber", data_testid="post-refused")),
            rx.cond(
                P.loaded & (P.post_id != 0),
                rx.vstack(
                    rx.cond(P.editing_post, _edit_post(), _post()),
                    error(P.errors, "form"),
                    rx.heading("Comments", size="4"),
                    rx.vstack(rx.foreach(P.comments, _comment), width="100%", spacing="1"),
                    rx.cond((P.replying_to == 0) & (P.editing == 0), _comment_form(P.comment, "Comment", "comment-form")),
                    spacing="3",
                    width="100%",
                ),
            ),
            report_dialog(),
            spacing="4",
            width="100%",
        ),
        max_width="760px",
    )


ON_LOAD = [AuthState.require_login, P.load]
