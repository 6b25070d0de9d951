"""Reading the project form's fields (a plain dict from the browser, any shape) into a domain Draft."""

from __future__ import annotations

from engnest.projects.domain.project import Draft, WantedSkill


def _text(form: object, name: str) -> str:
    """A field of a submitted form; anything that is not a dict of strings (a hostile payload) reads as empty."""
    value = form.get(name, "") if isinstance(form, dict) else ""
    return value if isinstance(value, str) else ""


def draft_from(form: dict) -> Draft:
    """Skills wanted are typed one a line as "name: level" ("CAD: expert"); a missing level is intermediate."""
    skills = []
    for line in _text(form, "skills").splitlines():
        name, _, level = line.partition(":")
        if name.strip():
            skills.append(WantedSkill(name.strip(), level.strip().lower() or "intermediate"))
    return Draft(
        title=_text(form, "title"), summary=_text(form, "summary"),
        disciplines=[d for d in (_text(form, "discipline"),) if d], skills=skills, stage=_text(form, "stage") or "idea",
        preference=_text(form, "preference") or "hybrid", online=_text(form, "online") in ("on", "true", "yes"),
        city=_text(form, "city"), links=_text(form, "links").split(),
    )
