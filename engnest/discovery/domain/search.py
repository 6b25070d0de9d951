"""Search filters: read from the URL query (shareable, back button works), validated, and written back.

Bad values are ignored with a note the page shows ("Ignored the distance 'abc' ..."); nothing here raises.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from engnest.platform.domain.words import STOP_WORDS
from engnest.profiles.domain.catalog import DISCIPLINES, PREFERENCES, STATUSES
from engnest.profiles.domain.profile import clean_text, skill_key

PAGE_SIZE = 20
MAX_PAGE = 1_000_000_000
MAX_DISTANCE_KM = 20_000
MAX_TEXT = 200
MAX_TERMS = 8
MAX_SKILL_FILTERS = 10
SORTS: dict[str, str] = {"relevance": "Best match", "distance": "Nearest", "reliability": "Most reliable", "newest": "Newest"}
SKILL_MODES: dict[str, str] = {"any": "any of these", "all": "all of these"}
_TERM = re.compile(r"[^\W_]+", re.UNICODE)
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class SearchFilters:
    text: str = ""
    discipline: str = ""
    skills: tuple[str, ...] = ()  # as typed, for display
    skills_mode: str = "any"
    status: str = ""
    preference: str = ""
    within_km: int | None = None
    online: bool = False
    has_projects: bool = False
    sort: str = "relevance"
    page: int = 1
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def skill_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(skill_key(s) for s in self.skills if skill_key(s)))

    @property
    def terms(self) -> list[str]:
        return search_terms(self.text)

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    def with_page(self, page: int) -> SearchFilters:
        return replace(self, page=max(1, min(page, MAX_PAGE)))


def search_terms(text: str) -> list[str]:
    """Words to match (lower case, letters and digits only): the rest of the text is just text."""
    terms = [t.lower()[:40] for t in _TERM.findall(text or "")]
    return [t for t in dict.fromkeys(terms) if len(t) > 1 and t not in STOP_WORDS][:MAX_TERMS]


def _choice(value: str, choices: dict[str, str], label: str, notes: list[str]) -> str:
    if value in choices:
        return value
    notes.append(f"Ignored the {label} {value[:40]!r}: pick one from the list.")
    return ""


def _int(value: str, low: int, high: int) -> int | None:
    try:
        number = int(float(value.strip()))
    except (ValueError, OverflowError):
        return None
    return number if low <= number <= high else None


def parse_filters(params: Mapping[str, str]) -> SearchFilters:
    """Filters from URL query parameters; anything malformed is dropped and explained in `notes`."""

    def get(key: str) -> str:
        return str(params.get(key, "") or "").strip()

    notes: list[str] = []
    text = clean_text(get("q"), max_len=MAX_TEXT)
    if len(get("q")) > MAX_TEXT:
        notes.append(f"Only the first {MAX_TEXT} characters of the search text were used.")
    discipline = _choice(get("discipline"), DISCIPLINES, "discipline", notes) if get("discipline") else ""
    status = _choice(get("status"), STATUSES, "status", notes) if get("status") else ""
    preference = _choice(get("preference"), PREFERENCES, "collaboration preference", notes) if get("preference") else ""
    skills = tuple(dict.fromkeys(s.strip()[:40] for s in get("skills").split(",") if s.strip()))
    if len(skills) > MAX_SKILL_FILTERS:
        notes.append(f"Only the first {MAX_SKILL_FILTERS} skills were used.")
        skills = skills[:MAX_SKILL_FILTERS]
    mode = get("match") or "any"
    if mode not in SKILL_MODES:
        notes.append(f"Ignored the skills match {mode[:20]!r}: use any or all.")
        mode = "any"
    within = None
    if get("within"):
        within = _int(get("within"), 1, MAX_DISTANCE_KM)
        if within is None:
            notes.append(f"Ignored the distance {get('within')[:20]!r}: use a whole number of km from 1 to {MAX_DISTANCE_KM}.")
    sort = get("sort") or "relevance"
    if sort not in SORTS:
        notes.append(f"Ignored the sort order {sort[:20]!r}.")
        sort = "relevance"
    page = 1
    if get("page"):
        raw = get("page")
        if raw.isascii() and raw.isdigit() and int(raw[:12]) >= 1:
            page = min(int(raw[:12]) if len(raw) <= 12 else MAX_PAGE, MAX_PAGE)
        else:
            notes.append(f"Ignored the page {raw[:20]!r}: showing the first page.")
    return SearchFilters(
        text=text,
        discipline=discipline,
        skills=skills,
        skills_mode=mode,
        status=status,
        preference=preference,
        within_km=within,
        online=get("online").lower() in _TRUE,
        has_projects=get("projects").lower() in _TRUE,
        sort=sort,
        page=page,
        notes=tuple(notes),
    )


def to_params(filters: SearchFilters) -> dict[str, str]:
    """The non-default filters as URL query parameters (the inverse of `parse_filters`)."""
    params = {
        "q": filters.text,
        "discipline": filters.discipline,
        "skills": ",".join(filters.skills),
        "match": filters.skills_mode if filters.skills and filters.skills_mode != "any" else "",
        "status": filters.status,
        "preference": filters.preference,
        "within": str(filters.within_km) if filters.within_km else "",
        "online": "1" if filters.online else "",
        "projects": "1" if filters.has_projects else "",
        "sort": filters.sort if filters.sort != "relevance" else "",
        "page": str(filters.page) if filters.page > 1 else "",
    }
    return {k: v for k, v in params.items() if v}


def query_string(filters: SearchFilters) -> str:
    params = to_params(filters)
    return ("?" + urlencode(params)) if params else ""


def form_to_params(form: Mapping[str, object]) -> dict[str, str]:
    """What the filter form submitted, as URL parameters (parsed again on the next page load)."""
    keys = ("q", "discipline", "skills", "match", "status", "preference", "within", "online", "projects", "sort")
    params = {k: str(form.get(k, "") or "").strip()[:400] for k in keys}
    return {k: v for k, v in params.items() if v}
