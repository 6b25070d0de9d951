"""What the people endpoints publish (`*Public`): built from discovery's own views, field by field, so a field a
view gains later is not published until it is added here. A stranger's card has no `full` part at all."""

from __future__ import annotations

from pydantic import BaseModel, Field

from engnest.discovery.services.cards import PersonCard
from engnest.platform.api.schemas import Page


class SkillPublic(BaseModel):
    name: str
    level: str


class ProjectPublic(BaseModel):
    title: str
    description: str
    wants: str


class LinkPublic(BaseModel):
    label: str
    url: str


class FullProfilePublic(BaseModel):
    """Only for the owner and their collaborators (people they have met)."""

    name: str
    avatar_url: str
    pitch: str
    city: str
    links: list[LinkPublic]


class PersonPublic(BaseModel):
    """The card the person page shows: anonymised (no name, email, link or photo) unless `full` is present."""

    user_id: int
    headline: str
    status: str
    preference: str
    place: str
    distance: str
    pitch: str
    reliability: str
    skills: list[SkillPublic]
    projects: list[ProjectPublic]
    relation: str = Field(description="none | friends | sent | received | declined")
    collaborator: bool
    blocked: bool
    full: FullProfilePublic | None = None

    @classmethod
    def of(cls, card: PersonCard) -> PersonPublic:
        full = None
        if card.collaborator:
            f = card.full
            full = FullProfilePublic(name=f.name, avatar_url=f.avatar_url, pitch=f.pitch, city=f.city,
                                     links=[LinkPublic(label=link.label, url=link.url) for link in f.links])
        return cls(
            user_id=card.user_id, headline=card.headline, status=card.status, preference=card.preference, place=card.place,
            distance=card.distance, pitch=card.pitch, reliability=card.reliability,
            skills=[SkillPublic(name=s.name, level=s.level) for s in card.skills],
            projects=[ProjectPublic(title=p.title, description=p.description, wants=p.wants) for p in card.projects],
            relation=card.relation, collaborator=card.collaborator, blocked=card.blocked, full=full,
        )


class MePublic(BaseModel):
    id: int
    email: str
    timezone: str
    email_verified: bool
    email_notifications: bool
    profile_complete: bool
    card: PersonPublic | None = Field(None, description="Your own card with its full part; null until the profile exists.")


class PeoplePage(Page[PersonPublic]):
    total: int = Field(description="Matches counted (capped; see `more`).")
    more: bool = Field(description="There are more matches than `total`.")
    notes: list[str] = Field(description="Filters that were ignored or adjusted, and why.")
