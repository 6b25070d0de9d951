"""People cards: the anonymised view strangers get (and the full name for collaborators), an online dot,
and the actions a viewer can take. Components take vars and event handlers, never State classes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from engnest.calls.components.call_panel import call_button
from engnest.platform import routes


@dataclass(frozen=True)
class CardActions:
    """Event handlers of the page's state, each called with the person's id."""

    add_friend: Any
    accept_friend: Any
    decline_friend: Any
    cancel_request: Any
    remove_friend: Any
    block: Any
    unblock: Any


def online_dot(online: rx.Var, size: str = "10px") -> rx.Component:
    return rx.box(
        width=size,
        height=size,
        border_radius="50%",
        flex_shrink="0",
        background_color=rx.cond(online, rx.color("green", 9), rx.color("gray", 7)),
        title=rx.cond(online, "Online now", "Offline"),
        aria_label=rx.cond(online, "Online now", "Offline"),
        role="img",
        data_testid="online-dot",
        data_online=rx.cond(online, "yes", "no"),
    )


def chip(item: rx.Var) -> rx.Component:
    return rx.badge(item.name, rx.cond(item.level != "", " · " + item.level, ""), variant="soft", size="1")


def project_line(project: rx.Var) -> rx.Component:
    return rx.box(
        rx.text(project.title, weight="bold", size="2"),
        rx.cond(project.description != "", rx.text(project.description, size="2", white_space="pre-wrap")),
        rx.cond(project.wants != "", rx.text("Wants: ", project.wants, size="1", color_scheme="gray")),
    )


def title_line(card: rx.Var) -> rx.Component:
    """Headline (and the real name for collaborators), linking to the person page."""
    return rx.hstack(
        online_dot(card.online),
        rx.link(
            rx.cond(card.full.name != "", card.full.name + " · " + card.headline, card.headline),
            href=card.url,
            weight="bold",
            size="4",
            data_testid="card-title",
        ),
        rx.cond(card.status != "", rx.badge(card.status, color_scheme="violet")),
        rx.cond(card.preference != "", rx.badge("Prefers " + card.preference.lower(), color_scheme="green")),
        rx.cond(card.relation == "friends", rx.badge("Friend", color_scheme="amber")),
        rx.cond(card.collaborator, rx.badge("Collaborator", color_scheme="blue")),
        align="center",
        spacing="2",
        wrap="wrap",
    )


def facts_line(card: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon("map_pin", size=14, color=rx.color("gray", 10)),
        rx.text(
            card.place,
            rx.cond(card.distance != "", " · " + card.distance, ""),
            " · ",
            card.reliability,
            rx.cond(card.last_seen != "", " · " + card.last_seen, ""),
            size="2",
            color_scheme="gray",
            data_testid="card-facts",
        ),
        spacing="1",
        align="center",
    )


def friend_button(card: rx.Var, actions: CardActions) -> rx.Component:
    uid = card.user_id.to_string()
    return rx.match(
        card.relation,
        ("friends", rx.button("Remove friend", size="2", variant="soft", color_scheme="gray", on_click=actions.remove_friend(uid), data_testid="remove-friend")),
        ("sent", rx.button("Cancel request", size="2", variant="soft", color_scheme="gray", on_click=actions.cancel_request(uid), data_testid="cancel-request")),
        (
            "received",
            rx.hstack(
                rx.button("Accept friend", size="2", on_click=actions.accept_friend(uid), data_testid="accept-friend"),
                rx.button("Decline", size="2", variant="soft", color_scheme="gray", on_click=actions.decline_friend(uid), data_testid="decline-friend"),
                spacing="2",
            ),
        ),
        ("declined", rx.button("Request declined", size="2", variant="soft", disabled=True)),
        rx.button("Add friend", size="2", variant="soft", on_click=actions.add_friend(uid), data_testid="add-friend"),
    )


def action_bar(card: rx.Var, actions: CardActions, *, self_id: rx.Var) -> rx.Component:
    uid = card.user_id.to_string()
    return rx.cond(
        card.user_id == self_id,
        rx.link(rx.button("Edit my profile", size="2", variant="soft"), href=routes.PROFILE),
        rx.cond(
            card.blocked,
            rx.button("Unblock", size="2", variant="soft", on_click=actions.unblock(uid), data_testid="unblock"),
            rx.hstack(
                rx.link(rx.button("Request a meeting", size="2", data_testid="request-meeting"), href=routes.MEETING_NEW + "?with=" + uid),
                rx.cond(card.collaborator, rx.link(rx.button("Message", size="2", variant="soft", data_testid="message"), href=routes.MESSAGES + "/" + uid)),
                rx.cond(card.collaborator, call_button(uid)),
                friend_button(card, actions),
                rx.alert_dialog.root(
                    rx.alert_dialog.trigger(rx.button("Block", size="2", variant="ghost", color_scheme="red", data_testid="block")),
                    rx.alert_dialog.content(
                        rx.alert_dialog.title("Block this person?"),
                        rx.alert_dialog.description(
                            "You will not see each other in search, and neither of you can send the other requests. You can unblock later from your Friends page."
                        ),
                        rx.hstack(
                            rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                            rx.alert_dialog.action(rx.button("Block", color_scheme="red", on_click=actions.block(uid), data_testid="confirm-block")),
                            spacing="3",
                            justify="end",
                        ),
                    ),
                ),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
        ),
    )


def person_card(card: rx.Var, actions: CardActions, *, self_id: rx.Var, pitch_lines: int | None = 4) -> rx.Component:
    return rx.card(
        rx.vstack(
            title_line(card),
            facts_line(card),
            rx.cond(card.reason != "", rx.text(card.reason, size="2", weight="medium", color_scheme="indigo", data_testid="card-reason")),
            rx.cond(
                card.pitch != "",
                rx.text(card.pitch, size="2", white_space="pre-wrap", data_testid="card-pitch", **({"trim": "normal", "style": {"display": "-webkit-box", "-webkit-line-clamp": str(pitch_lines), "-webkit-box-orient": "vertical", "overflow": "hidden"}} if pitch_lines else {})),
            ),
            rx.cond(card.skills.length() > 0, rx.flex(rx.foreach(card.skills, chip), wrap="wrap", spacing="1")),
            rx.cond(card.projects.length() > 0, rx.vstack(rx.foreach(card.projects, project_line), spacing="1", width="100%")),
            action_bar(card, actions, self_id=self_id),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="person-card",
    )
