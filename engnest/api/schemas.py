"""What leaves the server (`*Public`): built from the features' own views, field by field, so a field a view
gains later is not published until it is added here. A stranger's card has no `full` part at all."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, Field

from engnest.api.services.tokens import TokenView
from engnest.discovery.services.cards import PersonCard
from engnest.messaging.domain.messages import MAX_LENGTH
from engnest.messaging.services.message_rows import ConversationSummary, MessageRow
from engnest.notifications.services.notification_centre import NotificationRow
from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.platform.domain.user_text import BIDI_CONTROLS

T = TypeVar("T")
# Times leave as RFC 3339 with their zone (UTC): SQLite hands stored times back without one.
Utc = Annotated[dt.datetime, AfterValidator(ensure_aware_utc)]
# At least one character that stays after the messaging rules strip spaces, control and bidi characters.
VISIBLE = "[^\\s\\x00-\\x1f\\x7f-\\x9f" + "".join(f"\\u{ord(c):04x}" for c in BIDI_CONTROLS) + "]"


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; null on the last page.")


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


class MessagePublic(BaseModel):
    id: int
    conversation_id: int
    sender_id: int
    body: str
    created_at: Utc
    edited_at: Utc | None = None  # the sender edited the text
    deleted_at: Utc | None = None  # the sender deleted it: the body is empty

    @classmethod
    def of(cls, m: MessageRow) -> MessagePublic:
        return cls(
            id=m.id, conversation_id=m.conversation_id, sender_id=m.sender_id, body=m.body, created_at=m.created_at,
            edited_at=m.edited_at, deleted_at=m.deleted_at,
        )


class ConversationPublic(BaseModel):
    peer_id: int
    peer_name: str
    last: MessagePublic | None
    unread: int

    @classmethod
    def of(cls, c: ConversationSummary) -> ConversationPublic:
        return cls(peer_id=c.peer.id, peer_name=c.peer.name, last=MessagePublic.of(c.last) if c.last else None, unread=c.unread)


class MessageCreate(BaseModel):
    body: str = Field(min_length=1, max_length=MAX_LENGTH, pattern=VISIBLE, description="Plain text; links become clickable in the app.")


class MessageSent(MessagePublic):
    created: bool = Field(description="False when this Idempotency-Key had already sent the message.")


class MarkedRead(BaseModel):
    changed: int


class NotificationPublic(BaseModel):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: Utc
    read: bool

    @classmethod
    def of(cls, n: NotificationRow) -> NotificationPublic:
        return cls(id=n.id, kind=n.kind, title=n.title, body=n.body, link=n.link, created_at=n.created_at, read=n.read)


class NotificationsPage(Page[NotificationPublic]):
    unread: int


class TokenPublic(BaseModel):
    id: int
    name: str
    scope: str
    hint: str = Field(description="The token's last four characters.")
    created_at: Utc
    expires_at: Utc | None
    last_used_at: Utc | None

    @classmethod
    def of(cls, t: TokenView) -> TokenPublic:
        return cls(id=t.id, name=t.name, scope=t.scope, hint=t.hint, created_at=t.created_at, expires_at=t.expires_at, last_used_at=t.last_used_at)
