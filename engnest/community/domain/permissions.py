"""Who may do what in a room: one table of role × action, pure (no DB, no clock).

Roles are ordered owner > moderator > member. Acting on another member (mute, remove, change role) also needs
a role above theirs, and nobody can remove or demote the last owner (`last_owner_problem`).
"""

from __future__ import annotations

from enum import StrEnum

OWNER, MODERATOR, MEMBER = "owner", "moderator", "member"
ROLES = (OWNER, MODERATOR, MEMBER)
RANK = {OWNER: 3, MODERATOR: 2, MEMBER: 1}


class Action(StrEnum):
    READ = "read"
    POST = "post"
    INVITE = "invite"
    APPROVE_REQUEST = "approve_request"
    REMOVE_MESSAGE = "remove_message"
    MUTE_MEMBER = "mute_member"
    REMOVE_MEMBER = "remove_member"
    SET_ROLE = "set_role"
    EDIT_SETTINGS = "edit_settings"


_MODERATION = {Action.REMOVE_MESSAGE, Action.MUTE_MEMBER, Action.REMOVE_MEMBER, Action.APPROVE_REQUEST, Action.INVITE}
PERMISSIONS: dict[str, frozenset[Action]] = {
    MEMBER: frozenset({Action.READ, Action.POST}),
    MODERATOR: frozenset({Action.READ, Action.POST, *_MODERATION}),
    OWNER: frozenset(Action),
}
# Actions aimed at another member: the actor's role must be above the target's.
ON_MEMBER = frozenset({Action.MUTE_MEMBER, Action.REMOVE_MEMBER, Action.SET_ROLE})

NOT_ALLOWED = "Your role in this room does not allow that."
LAST_OWNER = "A room needs an owner: make someone else owner first."


def may(role: str | None, action: Action) -> bool:
    """Whether a member with `role` (None: not a member) may do `action`."""
    return role is not None and action in PERMISSIONS.get(role, frozenset())


def may_act_on(actor_role: str | None, action: Action, target_role: str | None) -> bool:
    """`may`, and for actions on another member, a role above theirs (an owner may act on another owner only
    to change their role, so two owners can hand over; the last-owner rule still holds)."""
    if not may(actor_role, action):
        return False
    if action not in ON_MEMBER or target_role is None:
        return True
    if actor_role == OWNER and target_role == OWNER:
        return action == Action.SET_ROLE
    return RANK[actor_role or MEMBER] > RANK[target_role]


def last_owner_problem(target_role: str, new_role: str | None, owners: int) -> str | None:
    """Removing (`new_role` None) or demoting the only owner is refused."""
    if target_role == OWNER and new_role != OWNER and owners <= 1:
        return LAST_OWNER
    return None
