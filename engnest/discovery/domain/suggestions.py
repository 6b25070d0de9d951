"""'People to meet': rank candidates for one person and say why, in one line.

A creator is matched with people whose skills cover what their projects want; a recruit with creators
whose projects want what the recruit knows. Distance and collaboration preference break ties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from engnest.profiles.domain.catalog import DISCIPLINES

WEIGHTS = {"primary": 0.6, "secondary": 0.15, "distance": 0.15, "preference": 0.07, "reliability": 0.03}
DISTANCE_SCALE_KM = 50.0
# How well two collaboration preferences go together (recruits have none: open to anything).
_COMPATIBLE = {
    frozenset({"in_person"}): 1.0,
    frozenset({"online"}): 1.0,
    frozenset({"hybrid"}): 1.0,
    frozenset({"hybrid", "in_person"}): 0.7,
    frozenset({"hybrid", "online"}): 0.7,
    frozenset({"in_person", "online"}): 0.2,
}


@dataclass(frozen=True)
class Wants:
    project: str  # title as the viewer may see it
    skills: dict[str, str]  # skill key -> display name


@dataclass(frozen=True)
class Person:
    status: str
    discipline: str = ""
    preference: str = ""
    skills: dict[str, str] = field(default_factory=dict)  # key -> display name
    projects: tuple[Wants, ...] = ()
    reliability: float | None = None


@dataclass(frozen=True)
class Suggestion:
    score: float
    reason: str


def preference_fit(a: str, b: str) -> float:
    if not a or not b:
        return 0.7
    return _COMPATIBLE.get(frozenset({a, b}), 0.5)


def _coverage(knows: dict[str, str], projects: tuple[Wants, ...]) -> tuple[float, Wants | None, list[str]]:
    """Share of the wanted skills `knows` covers, and the project it covers best (with those skills)."""
    wanted = {k for p in projects for k in p.skills}
    if not wanted:
        return 0.0, None, []
    covered = wanted & knows.keys()
    best: Wants | None = None
    best_hits: list[str] = []
    for project in projects:
        hits = [name for key, name in project.skills.items() if key in knows]
        if len(hits) > len(best_hits):
            best, best_hits = project, hits
    return len(covered) / len(wanted), best, best_hits


def _listing(items: list[str]) -> str:
    items = items[:3]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _project_phrase(title: str) -> str:
    title = title.strip()
    if not title:
        return "project"
    if title[:1].isupper() and not title[:2].isupper():
        title = title[0].lower() + title[1:]
    return title if "project" in title.lower() else f"{title} project"


def can_work_together(me: Person, them: Person, distance_km: float | None, max_in_person_km: float) -> bool:
    """Someone who only meets in person is not matched with a person too far away to meet (or whose
    distance is unknown): a New York engineer is no suggestion for an in-person creator in Cambridge."""
    if "in_person" not in (me.preference, them.preference):
        return True
    return distance_km is not None and distance_km <= max_in_person_km


def score(me: Person, them: Person, distance_km: float | None) -> float:
    """How good a match `them` is for `me` (0..1). It depends on skill keys, never on display names or project
    titles, so candidates can be scored before their texts are redacted (only the shown few are)."""
    return rank(me, them, distance_km, reason=False).score


def rank(me: Person, them: Person, distance_km: float | None, *, reason: bool = True) -> Suggestion:
    """How good a match `them` is for `me` (0..1), with the reason to show (unless `reason=False`)."""
    they_cover, my_project, they_know = _coverage(them.skills, me.projects)
    i_cover, their_project, i_know = _coverage(me.skills, them.projects)
    primary, secondary = (they_cover, i_cover) if me.status == "creator" else (i_cover, they_cover)
    closeness = 1 / (1 + distance_km / DISTANCE_SCALE_KM) if distance_km is not None else 0.0
    fit = preference_fit(me.preference, them.preference)
    total = (
        WEIGHTS["primary"] * primary
        + WEIGHTS["secondary"] * secondary
        + WEIGHTS["distance"] * closeness
        + WEIGHTS["preference"] * fit
        + WEIGHTS["reliability"] * (them.reliability if them.reliability is not None else 0.5)
    )
    return Suggestion(round(total, 6), _reason(me, them, distance_km, my_project, they_know, their_project, i_know) if reason else "")


def _reason(
    me: Person, them: Person, distance_km: float | None, my_project: Wants | None, they_know: list[str], their_project: Wants | None, i_know: list[str]
) -> str:
    mine = f"knows {_listing(they_know)} that your {_project_phrase(my_project.project)} wants" if my_project else ""
    theirs = f"their {_project_phrase(their_project.project)} wants {_listing(i_know)}, which you know" if their_project else ""
    first, second = (mine, theirs) if me.status == "creator" else (theirs, mine)
    if first or second:
        return first or second
    label = DISCIPLINES.get(them.discipline, "")
    who = f"{label.lower()} engineer" if label and label != "Other" else "engineer"
    article = "an" if who[:1] in "aeiou" else "a"
    if distance_km is not None and distance_km < 100:
        return f"{article.capitalize()} {who} near you"
    shared = sorted(set(me.skills) & set(them.skills))
    if shared:
        return f"{article.capitalize()} {who} who also knows {_listing([them.skills[k] for k in shared])}"
    return f"{article.capitalize()} {who} you have not met yet"


T = TypeVar("T")


def diversify(ranked: list[tuple[float, str, T]], limit: int, same_discipline_penalty: float = 0.85) -> list[T]:
    """Pick `limit` items from (score, discipline, item) so one discipline does not fill the list:
    each pick discounts the others of its discipline."""
    pool = sorted(ranked, key=lambda r: -r[0])
    picked: list[T] = []
    taken: dict[str, int] = {}
    while pool and len(picked) < limit:
        best = max(pool, key=lambda r: r[0] * same_discipline_penalty ** taken.get(r[1], 0))
        pool.remove(best)
        picked.append(best[2])
        taken[best[1]] = taken.get(best[1], 0) + 1
    return picked
