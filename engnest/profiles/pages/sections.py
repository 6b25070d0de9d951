"""Parts of the profile page that other features build (registered at start-up from their `web` module): the
current projects editor belongs to engnest.projects, which owns projects; profiles only show the copy."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

_builders: dict[str, Callable[[], rx.Component]] = {}


def register_projects_editor(build: Callable[[], rx.Component]) -> None:
    _builders["projects"] = build


def projects_editor() -> rx.Component:
    build = _builders.get("projects")
    return build() if build is not None else rx.fragment()
