"""Form building blocks: a labelled field with its error shown right beside it.

Every label is a real `<label for=…>` tied to its control's id (Radix `Text as="label"` drops `htmlFor`), and
ids are unique per form instance: Reflex keeps one ref per id and a form reads its fields through those refs,
so two mounted forms with the same ids would read each other's (or an unmounted form's empty) values.
"""

from __future__ import annotations

import reflex as rx


def label(*children, html_for: str | rx.Var, size: str = "2", weight: str = "medium", **props) -> rx.Component:
    """A `<label for=html_for>` in the theme's text style."""
    return rx.text(rx.el.label(*children, html_for=html_for), as_child=True, size=size, weight=weight, **props)


def field_error(errors: rx.Var, name: str) -> rx.Component:
    return rx.cond(
        errors.contains(name),
        rx.text(errors[name], color_scheme="red", size="2", role="alert", data_testid=f"error-{name}"),
    )


def field(
    label_text: str | rx.Var,
    control: rx.Component,
    errors: rx.Var,
    name: str,
    hint: rx.Component | str | None = None,
    *,
    field_id: str | None = None,
    group: bool = False,
) -> rx.Component:
    """`field_id`: the control's id when it is not `name` (a form rendered more than once). `group`: the
    control is a radio group, which a `<label for>` cannot name: the label gets the id `<field_id>-label`
    for the group's `aria-labelledby`."""
    hint_el = rx.text(hint, size="1", color_scheme="gray") if isinstance(hint, str) else hint
    fid = field_id or name
    return rx.flex(
        rx.text(label_text, size="2", weight="medium", id=f"{fid}-label") if group else label(label_text, html_for=fid),
        control,
        *([hint_el] if hint_el is not None else []),
        field_error(errors, name),
        direction="column",
        spacing="1",
        width="100%",
    )


def text_input(name: str, *, type: str = "text", placeholder: str = "", default_value: rx.Var | str | None = None, id: str | None = None, **props) -> rx.Component:
    """`id` defaults to `name`: pass a distinct one when the same form can be on the page twice."""
    extra = {"default_value": default_value} if default_value is not None else {}
    return rx.input(name=name, id=id or name, type=type, placeholder=placeholder, width="100%", size="3", **extra, **props)


def form_error(errors: rx.Var, name: str = "form") -> rx.Component:
    return rx.cond(
        errors.contains(name),
        rx.callout(errors[name], icon="triangle_alert", color_scheme="red", role="alert", data_testid=f"error-{name}", width="100%"),
    )


def saved_note(message: rx.Var) -> rx.Component:
    return rx.cond(message != "", rx.text(message, color_scheme="green", size="2", data_testid="saved-note"))


def submit_button(label: str, *, loading: rx.Var | bool = False, **props) -> rx.Component:
    return rx.button(label, type="submit", size="3", loading=loading, **props)


def section_card(title: str, description: str, *body: rx.Component, test_id: str) -> rx.Component:
    """A titled card holding one editor or setting."""
    return rx.card(
        rx.vstack(
            rx.heading(title, size="4"),
            rx.text(description, size="2", color_scheme="gray"),
            *body,
            spacing="3",
            width="100%",
        ),
        width="100%",
        id=test_id,  # a link target (the profile checklist points at its cards)
        data_testid=test_id,
    )


def stacked_form(*children: rx.Component, on_submit, key: rx.Var | str | None = None, **props) -> rx.Component:
    """A form whose fields stack vertically. `key` remounts it (to re-apply default values after a load)."""
    extra = {"key": key} if key is not None else {}
    return rx.form(
        rx.vstack(*children, spacing="3", width="100%"),
        on_submit=on_submit,
        width="100%",
        **extra,
        **props,
    )
