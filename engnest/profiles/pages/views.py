"""The item types of the profile pages' list vars (no reflex here: components read their fields as vars).
Ids travel as text: the browser sends them back to handlers that parse them (platform.domain.ids.parse_id)."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass
class SkillItem:
    id: str = ""
    name: str = ""
    proficiency: str = ""
    level: str = ""  # the proficiency's label


@dataclasses.dataclass
class ProjectItem:
    id: str = ""
    title: str = ""
    description: str = ""
    skills: str = ""  # the skills wanted, comma-separated ("" when none)


@dataclasses.dataclass
class ChecklistStep:
    key: str = ""
    label: str = ""
    done: bool = False
    href: str = ""  # the card that completes it


@dataclasses.dataclass
class CityChoice:
    id: str = ""
    label: str = ""


@dataclasses.dataclass
class PitchFlag:
    text: str = ""  # the words strangers will not see
    kind: str = ""
    why: str = ""
