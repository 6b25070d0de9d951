"""Validation errors carry a message per form field, so the UI can show each one beside its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class ValidationFailed(Exception):
    """Input was refused; nothing was written. `errors` maps a field name to a user-facing message."""

    def __init__(self, errors: dict[str, str] | None = None, **field_errors: str) -> None:
        self.errors: dict[str, str] = {**(errors or {}), **field_errors}
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))

    def first(self) -> str:
        return next(iter(self.errors.values()), "Invalid input.")


class Conflict(ValidationFailed):
    """A concurrent change beat this one (a unique key taken in between); nothing of it was written. A `do_*`
    function may raise it: it trusts its input, but the database can still refuse a race."""


class Collector:
    """Collects several field errors and raises them together."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def check(self, field: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call `fn`; a ValidationFailed it raises is recorded under `field`. Returns fn's result or None (Any:
        callers read it after raise_if_any(), when it cannot be None)."""
        try:
            return fn(*args, **kwargs)
        except ValidationFailed as exc:
            self.add(field, exc.first())
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)
