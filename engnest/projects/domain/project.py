"""A project's fields and their rules (pure): stage, collaboration preference, skills wanted with a level,
city or online, links; task statuses and the board's progress."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engnest.platform.domain.errors import Collector, ValidationFailed
from engnest.profiles.domain.catalog import DISCIPLINES, PREFERENCES, PROFICIENCIES
from engnest.profiles.domain.profile import skill_key

STAGES: dict[str, str] = {"idea": "Idea", "prototype": "Prototype", "building": "Building", "launched": "Launched"}
TASK_STATUSES: dict[str, str] = {"todo": "To do", "doing": "Doing", "done": "Done"}
TITLE_MIN, TITLE_MAX, SUMMARY_MAX, NOTE_MAX = 3, 100, 2000, 500
SKILLS_MAX, LINKS_MAX, DISCIPLINES_MAX, CITY_MAX, TASK_TITLE_MAX, TASK_TEXT_MAX = 12, 5, 3, 120, 120, 2000
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass(frozen=True)
class WantedSkill:
    name: str
    level: str = "intermediate"

    @property
    def key(self) -> str:
        return skill_key(self.name)


@dataclass
class Draft:
    """What the owner types. `check()` returns it cleaned or raises ValidationFailed (a message per field)."""

    title: str
    summary: str = ""
    disciplines: list[str] = field(default_factory=list)
    skills: list[WantedSkill] = field(default_factory=list)
    stage: str = "idea"
    preference: str = "hybrid"
    online: bool = False
    city: str = ""
    links: list[str] = field(default_factory=list)

    def check(self) -> Draft:
        errors = Collector()
        title, summary, city = self.title.strip(), self.summary.strip(), self.city.strip()
        if not TITLE_MIN <= len(title) <= TITLE_MAX:
            errors.add("title", f"Give the project a title of {TITLE_MIN} to {TITLE_MAX} characters.")
        if len(summary) > SUMMARY_MAX:
            errors.add("summary", f"Keep the summary under {SUMMARY_MAX} characters.")
        if not self.disciplines or len(self.disciplines) > DISCIPLINES_MAX or any(d not in DISCIPLINES for d in self.disciplines):
            errors.add("disciplines", f"Pick one to {DISCIPLINES_MAX} disciplines from the list.")
        skills: dict[str, WantedSkill] = {}
        for s in self.skills:
            name = s.name.strip()
            if not name or len(name) > 40:
                errors.add("skills", "Each skill wanted needs a name under 40 characters.")
            elif s.level not in PROFICIENCIES:
                errors.add("skills", f"Pick a level for {name}: beginner, intermediate or expert.")
            else:
                skills.setdefault(skill_key(name), WantedSkill(name, s.level))
        if len(skills) > SKILLS_MAX:
            errors.add("skills", f"List at most {SKILLS_MAX} skills wanted.")
        if self.stage not in STAGES:
            errors.add("stage", "Pick a stage: idea, prototype, building or launched.")
        if self.preference not in PREFERENCES:
            errors.add("preference", "Pick in person, online or hybrid.")
        if not self.online and not city:
            errors.add("city", "Give a city, or mark the project as online.")
        if len(city) > CITY_MAX:
            errors.add("city", f"Keep the city under {CITY_MAX} characters.")
        links = [u.strip() for u in self.links if u.strip()]
        if len(links) > LINKS_MAX or any(not _URL.match(u) or len(u) > 300 for u in links):
            errors.add("links", f"Give up to {LINKS_MAX} links, each starting with http:// or https://.")
        if errors.errors:
            raise ValidationFailed(errors.errors)
        return Draft(title, summary, list(dict.fromkeys(self.disciplines)), list(skills.values()), self.stage,
                     self.preference, self.online, "" if self.online else city, links)


def check_note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationFailed(note=f"Keep the note under {NOTE_MAX} characters.")
    return note


def check_task_text(title: str, description: str) -> tuple[str, str]:
    title, description = title.strip(), description.strip()
    errors = Collector()
    if not 1 <= len(title) <= TASK_TITLE_MAX:
        errors.add("title", f"Give the task a title under {TASK_TITLE_MAX} characters.")
    if len(description) > TASK_TEXT_MAX:
        errors.add("description", f"Keep the description under {TASK_TEXT_MAX} characters.")
    if errors.errors:
        raise ValidationFailed(errors.errors)
    return title, description


def check_status(status: str) -> str:
    if status not in TASK_STATUSES:
        raise ValidationFailed(status="Move the task to To do, Doing or Done.")
    return status


def progress(statuses: list[str]) -> int:
    """Percent of the board's tasks that are done (0 for an empty board)."""
    return round(100 * sum(1 for s in statuses if s == "done") / len(statuses)) if statuses else 0
