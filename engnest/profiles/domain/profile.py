"""Profile rules: the 60-second pitch, skills, links, and what makes a profile complete."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.domain.user_text import clean
from engnest.profiles.domain.catalog import DISCIPLINES, PREFERENCES, PROFICIENCIES, STATUSES

PITCH_MAX_WORDS = 160
SPEAKING_WORDS_PER_MINUTE = 150  # a calm speaking pace; 150 words is about 60 seconds
NAME_MAX = 60
SKILL_MAX = 40
MAX_SKILLS = 30
MAX_PROJECTS = 10
PROJECT_TITLE_MAX = 100
PROJECT_DESCRIPTION_MAX = 1000
URL_MAX = 300

_WORD = re.compile(r"\S+")


def clean_text(value: str | None, *, max_len: int) -> str:
    """Strip control and bidirectional formatting characters and surrounding whitespace, cap the length."""
    return clean(value or "").strip()[:max_len]


def word_count(text: str) -> int:
    return len(_WORD.findall(text or ""))


def speaking_seconds(text: str) -> int:
    """Estimated seconds to say the pitch out loud."""
    return math.ceil(word_count(text) * 60 / SPEAKING_WORDS_PER_MINUTE)


def check_pitch(text: str) -> str:
    text = clean(text or "").strip()
    words = word_count(text)
    if words > PITCH_MAX_WORDS:
        raise ValidationFailed(pitch=f"Keep your pitch to {PITCH_MAX_WORDS} words (it has {words}).")
    if len(text) > PITCH_MAX_WORDS * 20:
        raise ValidationFailed(pitch="Your pitch is too long.")
    return text


def check_name(value: str, field_name: str, label: str) -> str:
    value = clean_text(value, max_len=NAME_MAX + 1)
    if not value:
        raise ValidationFailed({field_name: f"Enter your {label}."})
    if len(value) > NAME_MAX:
        raise ValidationFailed({field_name: f"Keep your {label} under {NAME_MAX} characters."})
    if any(ch in value for ch in "<>{}@/\\"):
        raise ValidationFailed({field_name: f"Your {label} contains characters we do not accept."})
    return value


def check_choice(value: str, choices: dict[str, str], field_name: str, label: str) -> str:
    if value not in choices:
        raise ValidationFailed({field_name: f"Choose a {label} from the list."})
    return value


def check_status(value: str) -> str:
    return check_choice(value, STATUSES, "status", "status")


def check_discipline(value: str) -> str:
    return check_choice(value, DISCIPLINES, "discipline", "discipline")


def check_preference(value: str) -> str:
    return check_choice(value, PREFERENCES, "preference", "collaboration preference")


def normalize_skill(name: str) -> str:
    name = re.sub(r"\s+", " ", clean_text(name, max_len=SKILL_MAX + 1))
    if not name:
        raise ValidationFailed(skill="Enter a skill.")
    if len(name) > SKILL_MAX:
        raise ValidationFailed(skill=f"Keep a skill under {SKILL_MAX} characters.")
    return name


def skill_key(name: str) -> str:
    """Case- and space-insensitive identity of a skill ("solidworks" == "SolidWorks")."""
    return re.sub(r"[\s\-_]+", "", name.lower())


def check_proficiency(value: str) -> str:
    return check_choice(value, PROFICIENCIES, "proficiency", "proficiency")


def check_skills_list(raw: str | list[str], *, field_name: str = "skills_wanted") -> list[str]:
    """A comma-separated (or list) of skill names, de-duplicated, order kept."""
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        if not (item or "").strip():
            continue
        try:
            name = normalize_skill(item)
        except ValidationFailed as exc:
            raise ValidationFailed({field_name: exc.first()}) from None
        if skill_key(name) not in seen:
            seen.add(skill_key(name))
            out.append(name)
    if len(out) > MAX_SKILLS:
        raise ValidationFailed({field_name: f"List at most {MAX_SKILLS} skills."})
    return out


_LINK_HOSTS = {
    "github_url": ("github.com",),
    "linkedin_url": ("linkedin.com",),
    "portfolio_url": (),
}


def check_link(value: str, field_name: str) -> str:
    """'' is allowed (no link). Otherwise an http(s) URL; GitHub/LinkedIn links must point there."""
    value = clean_text(value, max_len=URL_MAX + 1)
    if not value:
        return ""
    if len(value) > URL_MAX:
        raise ValidationFailed({field_name: "That link is too long."})
    if "://" not in value:
        value = "https://" + value
    try:
        parts = urlsplit(value)
        host, _port = (parts.hostname or "").lower(), parts.port  # both raise ValueError on "[1]", "https://[::1", ":x"
    except ValueError:
        host, parts = "", None
    if parts is None or parts.scheme not in ("http", "https") or "." not in host or " " in value:
        raise ValidationFailed({field_name: "Enter a web address such as https://example.com/you."})
    allowed = _LINK_HOSTS.get(field_name, ())
    if allowed and not any(host == h or host.endswith("." + h) for h in allowed):
        raise ValidationFailed({field_name: f"This should be a {allowed[0]} link."})
    return value


@dataclass(frozen=True)
class ProfileFacts:
    """What completeness looks at, independent of how it is stored."""

    first_name: str = ""
    last_name: str = ""
    pitch: str = ""
    status: str = ""
    discipline: str = ""
    city_id: int | None = None
    skills: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    preference: str = ""
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool


def completeness_checklist(facts: ProfileFacts) -> list[ChecklistItem]:
    """In the order the profile page asks for them, so each step can be done when it is reached: a creator
    needs a project, so projects come before "creator or recruit"."""
    items = [
        ChecklistItem("name", "Your first and last name", bool(facts.first_name and facts.last_name)),
        ChecklistItem("discipline", "Your engineering discipline", facts.discipline in DISCIPLINES),
        ChecklistItem("pitch", "A 60-second elevator pitch", bool(facts.pitch.strip())),
        ChecklistItem("city", "Your city", facts.city_id is not None),
        ChecklistItem("skills", "At least one skill", bool(facts.skills)),
    ]
    if facts.status == "creator":
        items.append(ChecklistItem("projects", "At least one current project", bool(facts.projects)))
    items.append(ChecklistItem("status", "Creator or recruit", facts.status in STATUSES))
    if facts.status == "creator":
        items.append(ChecklistItem("preference", "How you like to collaborate", facts.preference in PREFERENCES))
    return items


# Where on the profile page each checklist item is filled in (the id of its card).
CHECKLIST_CARDS = {
    "name": "about-editor", "discipline": "about-editor", "pitch": "about-editor", "city": "city-editor",
    "skills": "skills-editor", "projects": "projects-editor", "status": "status-editor", "preference": "status-editor",
}


def is_complete(facts: ProfileFacts) -> bool:
    return all(item.done for item in completeness_checklist(facts))


def creator_requirements_missing(facts: ProfileFacts) -> list[str]:
    """Switching to creator requires at least one project and a collaboration preference."""
    missing = []
    if not facts.projects:
        missing.append("at least one current project")
    if facts.preference not in PREFERENCES:
        missing.append("a collaboration preference")
    return missing
