"""The item types of the dashboard's vars (no reflex here): what each block shows, typed."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class WaitingItem:
    title: str = ""
    when: str = ""
    status: str = ""
    url: str = ""


@dataclasses.dataclass
class NextMeetingView:
    title: str = ""
    who: str = ""
    when: str = ""
    countdown: str = ""
    online: bool = False
    place: str = ""
    url: str = ""  # the meeting page: an online meeting is joined there
    directions_url: str = ""  # in person with a spot: directions on a map ('' otherwise)


@dataclasses.dataclass
class UnreadItem:
    name: str = ""
    unread: int = 0
    last: str = ""
    url: str = ""
