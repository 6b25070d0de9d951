"""Reading a submitted form: every field a handler needs must arrive as text.

A browser form that lost a field (or a client calling the handler by hand) can send null, a number or a list;
`str(None)` would store the word "None". Such a submission is refused with a message next to the field.
"""

from __future__ import annotations

MISSING = "This field did not reach us. Reload the page and try again."


def text_fields(
    form: object, *names: str, choices: tuple[str, ...] = (), limit: int = 100_000
) -> tuple[dict[str, str], dict[str, str]]:
    """(values, errors): the named fields as text (capped at `limit` characters, enough to report the
    real length of an over-long entry), and an error for each one that is missing or not text.

    `choices`: selects and radio groups, which send nothing while nothing is chosen: missing reads as ''."""
    data = form if isinstance(form, dict) else {}
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in (*names, *choices):
        value = data.get(name)
        if name in choices and value is None:
            values[name] = ""
        elif isinstance(value, str):
            values[name] = value[:limit]
        else:
            errors[name] = MISSING
    return values, errors
