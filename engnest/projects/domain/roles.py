"""Who may do what in a project: the permission matrix of the roles owner, maintainer and member.

A stranger (no role) may only view the public page and ask to join. A member works on the board: adds tasks and
moves the ones assigned to them. A maintainer runs the team day to day: edits the project, invites, decides join
requests, assigns and moves any task, removes members. Only the owner changes roles, removes a maintainer and
deletes the project; the owner cannot leave (they delete the project instead).
"""

from __future__ import annotations

ROLES: dict[str, str] = {"owner": "Owner", "maintainer": "Maintainer", "member": "Member"}

VIEW_TEAM = "view_team"  # members' names, the board, pending requests count
EDIT = "edit"
INVITE = "invite"
DECIDE = "decide_requests"
SET_ROLE = "set_role"
DELETE = "delete"
ADD_TASK = "add_task"
ASSIGN = "assign_task"
MOVE_ANY = "move_any_task"
MOVE_OWN = "move_own_task"
LEAVE = "leave"
REQUEST_JOIN = "request_join"

ACTIONS = (VIEW_TEAM, EDIT, INVITE, DECIDE, SET_ROLE, DELETE, ADD_TASK, ASSIGN, MOVE_ANY, MOVE_OWN, LEAVE, REQUEST_JOIN)

_MEMBER = frozenset({VIEW_TEAM, ADD_TASK, MOVE_OWN, LEAVE})
_MAINTAINER = _MEMBER | {EDIT, INVITE, DECIDE, ASSIGN, MOVE_ANY}
_OWNER = (_MAINTAINER - {LEAVE}) | {SET_ROLE, DELETE}
MATRIX: dict[str | None, frozenset[str]] = {
    "owner": frozenset(_OWNER),
    "maintainer": frozenset(_MAINTAINER),
    "member": _MEMBER,
    None: frozenset({REQUEST_JOIN}),
}


def can(role: str | None, action: str) -> bool:
    """`role` is None for someone who is not on the team (a stranger, or a signed-out visitor)."""
    return action in MATRIX.get(role, frozenset())


def can_move_task(role: str | None, *, is_assignee: bool) -> bool:
    return can(role, MOVE_ANY) or (is_assignee and can(role, MOVE_OWN))


def can_remove(actor: str | None, target: str) -> bool:
    """The owner removes anyone but themself; a maintainer removes members only."""
    if target == "owner":
        return False
    if actor == "owner":
        return True
    return actor == "maintainer" and target == "member"
