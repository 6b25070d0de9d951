"""Who may see what of whom. Strangers never see names, contact details, links or photos."""

from __future__ import annotations

from sqlmodel import Session

from engnest.network.services.relations import are_collaborators
from engnest.profiles.models import Profile


def can_see_full_profile(*, session: Session, viewer_id: int | None, owner_id: int) -> bool:
    """The owner sees everything; others only after an accepted meeting (collaborators)."""
    if viewer_id is None:
        return False
    return viewer_id == owner_id or are_collaborators(session=session, a=viewer_id, b=owner_id)


def avatar_file_for(*, session: Session, viewer_id: int | None, owner_id: int) -> str | None:
    if not can_see_full_profile(session=session, viewer_id=viewer_id, owner_id=owner_id):
        return None
    profile = session.get(Profile, owner_id)
    return profile.avatar_file if profile else None
