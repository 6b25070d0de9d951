"""A file in a message bubble, and the button that sends one. They take vars, never State classes.

An image is shown with <img> (never embedded as a document), from the members-only endpoint, with its name as
alt text; any other file is a download link. The name is text, as every piece of user text is."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

UPLOAD_ID = "dm-file"
ACCEPT = {
    "image/png": [".png"],
    "image/jpeg": [".jpg", ".jpeg"],
    "image/webp": [".webp"],
    "image/gif": [".gif"],
    "application/pdf": [".pdf"],
}


def attachment_view(line: rx.Var) -> rx.Component:
    return rx.cond(
        line.file_url != "",
        rx.cond(
            line.file_kind == "image",
            rx.el.a(
                rx.image(
                    src=line.file_url, alt=line.file_name, loading="lazy", max_width="min(320px, 100%)", max_height="320px",
                    border_radius="var(--radius-3)", display="block", data_testid="message-image",
                ),
                href=line.file_url, target="_blank", rel="noopener noreferrer", title=line.file_name,
            ),
            rx.el.a(
                rx.hstack(
                    rx.icon("file_text", size=18),
                    rx.text.span(line.file_name, overflow_wrap="anywhere"),
                    rx.text.span(line.file_size, opacity="0.75", white_space="nowrap"),
                    align="center",
                    spacing="2",
                ),
                href=line.file_url, download=line.file_name, rel="noopener noreferrer", color="inherit",
                style={"text_decoration": "underline"}, data_testid="message-file",
            ),
        ),
    )


def file_button(on_drop: Callable, disabled: rx.Var, max_mb: int) -> rx.Component:
    """Choose (or drop) one image or PDF; it is sent at once, checked again on the server."""
    upload = rx.upload.root(
        rx.button(rx.icon("paperclip", size=16), "File", type="button", variant="soft", size="3", disabled=disabled, data_testid="attach-file"),
        id=UPLOAD_ID,
        accept=ACCEPT,
        max_files=1,
        multiple=False,
        disabled=disabled,
        on_drop=on_drop,
        border="none",
        padding="0",
    )
    upload.children[0].children[0].custom_attrs["aria-label"] = f"Send an image or PDF (up to {max_mb} MB)"
    upload.children[0].children[0].custom_attrs["data-testid"] = "attach-input"
    return upload


def file_error(error: rx.Var) -> rx.Component:
    return rx.cond(error != "", rx.text(error, color_scheme="red", size="2", role="alert", data_testid="error-file"))
