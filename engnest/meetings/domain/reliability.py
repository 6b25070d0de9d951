"""Reliability, strikes and suspension (pure: `now` is a parameter).

* Reliability: a smoothed share of committed meetings that the person attended. A meeting counts as
  committed once it ended (or when they cancelled it late); it was not attended when it ended in a strike
  against them or they cancelled it less than 24 h before. Smoothing (Laplace-style, PRIOR_KEPT of
  PRIOR_TOTAL) keeps one bad meeting from reading as "0% reliable"; with nothing committed yet there is no
  score (None: "New member").
* Strike: a no-show reported by one person and not disputed by the other within 72 hours.
* Suspension: 3 strikes within 90 days suspend sending meeting requests for 30 days from the third.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

PRIOR_KEPT = 2.0
PRIOR_TOTAL = 2.0
STRIKE_LIMIT = 3
STRIKE_WINDOW = dt.timedelta(days=90)
SUSPENSION = dt.timedelta(days=30)


def reliability(committed: int, missed: int) -> float | None:
    """(kept + prior) / (committed + prior), in 0..1; None before the first committed meeting."""
    committed, missed = max(0, int(committed)), max(0, int(missed))
    if committed == 0:
        return None
    missed = min(missed, committed)
    return round((committed - missed + PRIOR_KEPT) / (committed + PRIOR_TOTAL), 4)


def suspended_until(strike_times: Iterable[dt.datetime], now: dt.datetime) -> dt.datetime | None:
    """When the current suspension ends, or None if requests are allowed now.

    Every run of STRIKE_LIMIT strikes within STRIKE_WINDOW suspends for SUSPENSION from its last strike;
    the latest such end that is still in the future wins."""
    times = sorted(strike_times)
    latest = None
    for i in range(STRIKE_LIMIT - 1, len(times)):
        if times[i] - times[i - STRIKE_LIMIT + 1] <= STRIKE_WINDOW:
            end = times[i] + SUSPENSION
            if end > now and (latest is None or end > latest):
                latest = end
    return latest


def rating_summary(ratings: Iterable[int]) -> tuple[float | None, int]:
    """(average rounded to one decimal, count); (None, 0) without ratings."""
    values = [int(r) for r in ratings if 1 <= int(r) <= 5]
    if not values:
        return None, 0
    return round(sum(values) / len(values), 1), len(values)


def rating_label(average: float | None, count: int) -> str:
    if average is None:
        return "No ratings yet"
    return f"★ {average:.1f} from {count} review{'s' if count != 1 else ''}"
