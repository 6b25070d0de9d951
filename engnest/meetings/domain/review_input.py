"""Checking a review and a no-show dispute as typed (pure)."""

from __future__ import annotations

from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.platform.domain.user_text import NOT_TEXT, clean

MAX_COMMENT = 1000


def check_rating(value: object) -> int:
    try:
        rating = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationFailed(rating="Choose 1 to 5 stars.") from None
    if not 1 <= rating <= 5:
        raise ValidationFailed(rating="Choose 1 to 5 stars.")
    return rating


def check_attended(value: object) -> bool:
    text = str(value).strip().lower()
    if text in ("yes", "true", "1"):
        return True
    if text in ("no", "false", "0"):
        return False
    raise ValidationFailed(attended="Tell us whether they came to the meeting.")


def check_comment(value: object, *, field: str = "comment") -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationFailed({field: NOT_TEXT})
    text = clean(value).strip()
    if len(text) > MAX_COMMENT:
        raise ValidationFailed({field: f"Keep it under {MAX_COMMENT} characters."})
    return text


def check_review(rating: object, comment: object, attended: object) -> tuple[int, str, bool]:
    errors = Collector()
    r = errors.check("rating", check_rating, rating)
    c = errors.check("comment", check_comment, comment)
    a = errors.check("attended", check_attended, attended)
    errors.raise_if_any()
    return r, c, a
