"""The pitch card of the profile page: draft, the stranger's view with flagged quasi-identifiers (each with
a plain explanation and a Hide button), words the owner hides, the names the redactor should know, and a
two-step publish (review, then publish)."""

from __future__ import annotations

import reflex as rx

from engnest.platform.ui.forms import field, field_error, saved_note, section_card
from engnest.profiles.domain.profile import PITCH_MAX_WORDS
from engnest.profiles.pages.pitch_state import PitchState

S = PitchState


def _flag(flag: rx.Var) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("eye")),
        rx.vstack(
            rx.text(rx.text.strong("“", flag.text, "”"), " ", flag.why, size="2"),
            rx.button("Hide this", size="1", variant="soft", type="button", on_click=S.hide(flag.text), data_testid="hide-flag"),
            spacing="1",
            align="start",
        ),
        color_scheme="amber",
        size="1",
        width="100%",
        data_testid="pitch-flag",
    )


def _hidden_chip(word: rx.Var) -> rx.Component:
    return rx.badge(
        word,
        rx.icon("x", size=12, on_click=S.unhide(word), cursor="pointer", aria_label="Show again"),
        variant="soft",
        data_testid="hidden-word",
    )


def _stranger_view() -> rx.Component:
    return rx.box(
        rx.text("Other engineers see your pitch like this until you meet:", size="1", weight="medium", color_scheme="gray"),
        rx.text(S.public, size="2", white_space="pre-wrap", data_testid="pitch-preview"),
        padding="0.75em",
        border_radius="var(--radius-3)",
        background_color="var(--gray-a3)",
        width="100%",
    )


def _names() -> rx.Component:
    return rx.grid(
        field(
            "Other names I go by",
            rx.input(name="other_names", id="other_names", value=S.other_names, on_change=S.edit_other_names.debounce(300), width="100%",
                     placeholder="Nicknames, a former surname… (comma-separated)"),
            S.errors, "other_names",
        ),
        field(
            "My name in another script",
            rx.input(name="script_name", id="script_name", value=S.script_name, on_change=S.edit_script_name.debounce(300), width="100%",
                     placeholder="e.g. 王小明, محمد"),
            S.errors, "script_name",
        ),
        columns=rx.breakpoints(initial="1", sm="2"),
        spacing="3",
        width="100%",
    )


def _hide_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                name="word", id="hide-word", placeholder="A word or phrase to hide (an employer, a project name…)", width="100%",
                aria_label="A word or phrase to hide from strangers",
            ),
            rx.button("Hide", type="submit", variant="outline", data_testid="hide-word"),
            width="100%",
        ),
        on_submit=S.hide_typed,
        reset_on_submit=True,
        width="100%",
    )


def _publish() -> rx.Component:
    return rx.cond(
        S.reviewing,
        rx.vstack(
            rx.text("Publish this version? Strangers will see exactly the text above.", size="2", weight="medium"),
            rx.hstack(
                rx.button("Publish now", on_click=S.publish, data_testid="publish-pitch"),
                rx.button("Keep editing", variant="ghost", on_click=S.keep_editing),
            ),
            align="start",
            width="100%",
        ),
        rx.hstack(
            rx.button("Review and publish", on_click=S.review, disabled=~S.unpublished, data_testid="review-pitch"),
            rx.cond(S.unpublished, rx.text("Not published yet: others still see the previous version.", size="1", color_scheme="amber")),
            align="center",
        ),
    )


def pitch_editor() -> rx.Component:
    return section_card(
        "Your pitch",
        "Strangers read it with names, contact details and the words you hide taken out. Nothing changes for them until you publish.",
        saved_note(S.saved),
        field(
            "60-second elevator pitch",
            rx.text_area(
                name="pitch", id="pitch", value=S.draft, on_change=S.edit_draft.debounce(300), rows="6", width="100%",
                placeholder="Who you are, what you build, and who you want to meet.",
            ),
            S.errors, "pitch",
            hint=rx.text(S.words.to_string(), f" / {PITCH_MAX_WORDS} words · about ", S.seconds.to_string(), " seconds to say",
                         size="1", color_scheme=rx.cond(S.over_limit, "red", "gray"), data_testid="pitch-count"),
        ),
        _names(),
        rx.cond(S.draft != "", _stranger_view()),
        rx.foreach(S.flags, _flag),
        rx.text("Hidden from strangers:", size="1", color_scheme="gray"),
        rx.flex(rx.foreach(S.hidden, _hidden_chip), wrap="wrap", spacing="2", data_testid="hidden-words"),
        _hide_form(),
        field_error(S.errors, "hidden_words"),
        _publish(),
        test_id="pitch-editor",
    )
