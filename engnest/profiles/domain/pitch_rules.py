"""Rules for what the owner tells the redactor: other names they go by, their name in another script, and
the words they chose to hide. Pure."""

from __future__ import annotations

from engnest.platform.domain.errors import ValidationFailed
from engnest.profiles.domain.profile import clean_text

OTHER_NAMES_MAX = 200
SCRIPT_NAME_MAX = 120
HIDDEN_WORD_MAX = 120
HIDDEN_WORDS_MAX = 40


def check_other_names(value: str) -> str:
    text = clean_text(value, max_len=OTHER_NAMES_MAX + 1)
    if len(text) > OTHER_NAMES_MAX:
        raise ValidationFailed(other_names=f"Keep other names under {OTHER_NAMES_MAX} characters.")
    if any(ch in text for ch in "<>{}@\\"):
        raise ValidationFailed(other_names="Other names contain characters we do not accept.")
    return text


def check_script_name(value: str) -> str:
    text = clean_text(value, max_len=SCRIPT_NAME_MAX + 1)
    if len(text) > SCRIPT_NAME_MAX:
        raise ValidationFailed(script_name=f"Keep it under {SCRIPT_NAME_MAX} characters.")
    if any(ch in text for ch in "<>{}@\\"):
        raise ValidationFailed(script_name="This contains characters we do not accept.")
    return text


def check_hidden_words(values: object) -> list[str]:
    """A list of words or phrases, cleaned, without repeats (case-insensitive), order kept."""
    if not isinstance(values, (list, tuple)):
        raise ValidationFailed(hidden_words="Send the words to hide as a list.")
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        word = clean_text(str(value) if value is not None else "", max_len=HIDDEN_WORD_MAX + 1)
        if not word or word.lower() in seen:
            continue
        if len(word) > HIDDEN_WORD_MAX:
            raise ValidationFailed(hidden_words=f"Keep each hidden phrase under {HIDDEN_WORD_MAX} characters.")
        seen.add(word.lower())
        out.append(word)
    if len(out) > HIDDEN_WORDS_MAX:
        raise ValidationFailed(hidden_words=f"You can hide at most {HIDDEN_WORDS_MAX} words or phrases.")
    return out
