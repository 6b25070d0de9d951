"""What strangers may read of a profile: the redacted pitch, redacted projects, and the search document.

The pitch redaction and the search document are stored (recomputed on every profile edit, and in bulk
when `redaction.VERSION` changes); project texts are short and redacted when a card is built.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.accounts.models import User
from engnest.profiles.domain import redaction
from engnest.profiles.domain.catalog import DISCIPLINES
from engnest.profiles.domain.current_projects import CurrentProject, from_stored
from engnest.profiles.models import Profile, Skill


def owner_of(
    profile: Profile, *, pitch_names: tuple[str, str] | None = None, other_names: str | None = None,
    script_name: str | None = None, hidden_words: list[str] | None = None,
) -> redaction.Owner:
    """Everything the product knows about whose text it is (the keyword arguments override the stored values,
    for the editor's preview of unsaved changes)."""
    first, last = pitch_names or (profile.first_name, profile.last_name)
    return redaction.owner_from(
        first_name=first,
        last_name=last,
        other_names=profile.other_names if other_names is None else other_names,
        script_name=profile.script_name if script_name is None else script_name,
        email=f"{profile.email_name}@" if profile.email_name else "",
        links=tuple(u for u in (profile.github_url, profile.linkedin_url, profile.portfolio_url) if u),
        hidden=tuple(profile.hidden_words if hidden_words is None else hidden_words),
        regions=tuple(regions(profile)),
    )


def regions(profile: Profile) -> list[str]:
    return [profile.city_country] if profile.city_country else []


def redact_for(profile: Profile, text: str) -> str:
    """`text` written by `profile`'s owner, as a stranger may read it."""
    return redaction.redact(text, owner=owner_of(profile))


def redact_name_only(profile: Profile, text: str) -> str:
    """Short labels (skill names): only the owner's own names, user names and hidden words are hidden."""
    return redaction.redact(text, owner=owner_of(profile), others=False) if text else ""


def search_document(profile: Profile, pitch_redacted: str, skills: Iterable[Skill], projects: Iterable[CurrentProject]) -> str:
    """The text strangers can find someone by: never the raw pitch (a name search must not match)."""
    parts = [pitch_redacted, DISCIPLINES.get(profile.discipline, "")]
    parts += [redact_name_only(profile, s.name) for s in skills]
    for project in projects:
        parts += [redact_for(profile, project.title), redact_for(profile, project.description)]
        parts += [redact_name_only(profile, w) for w in project.wants]
    return "\n".join(p for p in parts if p)


def email_name(email: str) -> str:
    """The user name of an account email ('dana.okafor' of 'dana.okafor@example.com'), for the redactor only."""
    return email.partition("@")[0][:64] if "@" in email else ""


def refresh(profile: Profile, skills: list[Skill], projects: list[CurrentProject], *, email: str | None = None) -> None:
    """Recompute the stored public texts of `profile` (the caller adds and commits)."""
    if email is not None:
        profile.email_name = email_name(email)
    profile.pitch_redacted = redact_for(profile, profile.pitch)
    profile.redaction_version = redaction.VERSION
    profile.search_doc = search_document(profile, profile.pitch_redacted, skills, projects)


def public_pitch(profile: Profile) -> str:
    """The stored redaction, or a fresh one if it predates the current rules (never the raw pitch)."""
    if profile.redaction_version == redaction.VERSION:
        return profile.pitch_redacted
    return redact_for(profile, profile.pitch)


def preview(profile: Profile, draft: str, **overrides: Any) -> tuple[str, list[redaction.Flag]]:
    """What strangers would see of `draft`, and the quasi-identifiers still visible in it: exactly what a
    save stores (the same `owner_of` and `redaction.redact`)."""
    owner = owner_of(profile, **overrides)
    return redaction.redact(draft, owner=owner), redaction.flags(draft, owner=owner)


def do_refresh_stale(*, session: Session, batch: int = 200) -> int:
    """Re-redact profiles written under older rules (after an upgrade); returns how many were updated."""
    rows = list(session.exec(select(Profile).where(Profile.redaction_version < redaction.VERSION).limit(batch)))
    if not rows:
        return 0
    ids = [p.user_id for p in rows]
    emails = dict(session.exec(select(col(User.id), col(User.email)).where(col(User.id).in_(ids))).all())
    skills = list(session.exec(select(Skill).where(col(Skill.user_id).in_(ids)).order_by(col(Skill.id))))
    for profile in rows:
        refresh(
            profile,
            [s for s in skills if s.user_id == profile.user_id],
            from_stored(profile.current_projects),
            email=emails.get(profile.user_id, ""),
        )
        session.add(profile)
    return len(rows)


def stale_count(*, session: Session) -> int:
    return session.exec(select(sa.func.count()).select_from(Profile).where(Profile.redaction_version < redaction.VERSION)).one()
