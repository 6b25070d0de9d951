"""Reviews after a meeting, no-show reports, disputes, strikes, reliability and the request suspension."""

import datetime as dt

import pytest
import sqlalchemy as sa
from factories import NOW, make_user
from meeting_support import accepted_meeting, local_slot, pair

from engnest.meetings.models import Meeting, MeetingReview
from engnest.meetings.services import meeting_clock, meeting_requests, reliability_scores, reviews
from engnest.notifications.models import Notification
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.scheduler import timers
from engnest.profiles.models import Profile

START = NOW + dt.timedelta(days=3)
END = START + dt.timedelta(minutes=30)


def ended(session, a, b, start=START):
    m = accepted_meeting(session, a, b, start=start)
    meeting_clock.do_end(session=session, meeting_id=m.id, now=start + dt.timedelta(minutes=30))
    return m


def status(session, m):
    session.expire_all()
    return session.get(Meeting, m.id).status


def review(session, m, who, rating="5", attended="yes", comment="", now=END):
    return reviews.submit_review(session=session, meeting_id=m.id, user_id=who.id, rating=rating, comment=comment, attended=attended, now=now)


def test_the_last_review_completes_the_meeting_at_once(session):
    a, b = pair(session)
    m = ended(session, a, b)
    review(session, m, a, rating="4", comment="Sharp ideas")
    assert status(session, m) == "awaiting_review"
    review(session, m, a, rating="4", comment="Sharp ideas")  # a double click
    review(session, m, b)
    assert status(session, m) == "completed"
    assert reliability_scores.rating_of(session=session, user_id=b.id) == (4.0, 1)
    assert timers.scheduled_ids(session, f"meeting:{m.id}:") == []  # the close job is gone


def test_a_bad_review_writes_nothing_and_says_why_per_field(session):
    a, b = pair(session)
    m = ended(session, a, b)
    with pytest.raises(ValidationFailed) as exc:
        review(session, m, a, rating="7", attended="maybe", comment="x" * 2000)
    assert set(exc.value.errors) == {"rating", "attended", "comment"}
    assert session.exec(sa.select(sa.func.count()).select_from(MeetingReview)).one()[0] == 0


def test_reviews_open_only_after_the_end_and_only_for_the_two_people(session):
    a, b = pair(session)
    stranger = make_user(session)
    m = accepted_meeting(session, a, b, start=START)
    with pytest.raises(ValidationFailed) as exc:
        review(session, m, a, now=START)
    assert "ended" in exc.value.errors["form"]
    with pytest.raises(ValidationFailed) as exc:
        review(session, m, stranger, now=END)
    assert exc.value.errors == {"form": "This meeting does not exist."}
    review(session, m, a, now=END)  # the end had not been processed yet: the review catches it up
    assert status(session, m) == "awaiting_review"


def test_after_7_days_without_both_reviews_the_meeting_closes(session):
    a, b = pair(session)
    m = ended(session, a, b)
    review(session, m, a)
    assert meeting_clock.do_close(session=session, meeting_id=m.id, now=END + dt.timedelta(days=6)) is None
    meeting_clock.do_close(session=session, meeting_id=m.id, now=END + dt.timedelta(days=7))
    assert status(session, m) == "closed"
    with pytest.raises(ValidationFailed):
        review(session, m, b, now=END + dt.timedelta(days=8))


def test_an_undisputed_no_show_becomes_a_strike_after_72_hours_and_lowers_reliability(session):
    a, b = pair(session)
    m = ended(session, a, b)
    report = review(session, m, a, rating="1", attended="no")
    told = session.exec(sa.select(Notification).where(Notification.kind == "no_show_reported")).scalars().one()
    assert told.user_id == b.id and "dispute" in told.body
    assert reviews.do_finalize_strike(session=session, review_id=report.id, now=END + dt.timedelta(hours=71)) is False
    assert reviews.do_finalize_strike(session=session, review_id=report.id, now=END + dt.timedelta(hours=72)) is True
    assert reviews.do_finalize_strike(session=session, review_id=report.id, now=END + dt.timedelta(hours=73)) is False
    session.expire_all()
    rel = {p.user_id: p.reliability for p in session.exec(sa.select(Profile)).scalars()}
    assert rel[b.id] == round((1 - 1 + 2) / (1 + 2), 4) and rel[a.id] == 1.0
    with pytest.raises(ValidationFailed) as exc:
        dispute(session=session, meeting_id=m.id, user_id=b.id, note="I was there", now=END + dt.timedelta(hours=74))
    assert "72 hours" in exc.value.errors["form"]


def test_a_disputed_no_show_is_no_strike_and_its_job_is_removed(session):
    a, b = pair(session)
    m = ended(session, a, b)
    report = review(session, m, a, rating="2", attended="no")
    assert timers.scheduled_ids(session, f"review:{report.id}:") != []
    with pytest.raises(ValidationFailed):
        dispute(session=session, meeting_id=m.id, user_id=a.id, note="", now=END)  # not reported
    dispute(session=session, meeting_id=m.id, user_id=b.id, note="I sat by the window", now=END + dt.timedelta(hours=5))
    assert timers.scheduled_ids(session, f"review:{report.id}:") == []
    assert reviews.do_finalize_strike(session=session, review_id=report.id, now=END + dt.timedelta(hours=80)) is False
    assert reliability_scores.strike_times(session, b.id, END + dt.timedelta(days=1)) == []
    panel = reviews.review_panel(session=session, meeting=session.get(Meeting, m.id), viewer_id=b.id, now=END + dt.timedelta(hours=6))
    assert (panel.reported, panel.disputed, panel.can_dispute, panel.strike) == (True, True, False, False)


def test_three_strikes_in_90_days_suspend_meeting_requests_for_30_days_with_the_date(session):
    a, b = pair(session, b_tz="America/New_York")
    last = None
    for week in range(3):
        start = START + dt.timedelta(days=7 * week)
        m = ended(session, a, b, start=start)
        report = review(session, m, a, attended="no", now=start + dt.timedelta(minutes=30))
        last = start + dt.timedelta(minutes=30, hours=72)
        reviews.do_finalize_strike(session=session, review_id=report.id, now=last)
    until = reliability_scores.suspended_until(session=session, user_id=b.id, now=last)
    assert until == last + dt.timedelta(days=30)
    other = make_user(session, complete=True, city="Yokohama, Japan")
    date, time = local_slot(days=3, tz=b.timezone, now=last)
    with pytest.raises(ValidationFailed) as exc:
        meeting_requests.request_meeting(
            session=session, requester_id=b.id, recipient_id=other.id, kind="online", start_date=date, start_time=time, duration=30, now=last,
        )
    assert "You cannot send meeting requests until" in exc.value.errors["form"] and until.astimezone().strftime("%Y") in exc.value.errors["form"]
    ctx = meeting_requests.request_context(session=session, requester_id=b.id, recipient_id=other.id, now=last)
    assert ctx.problem.startswith("You cannot send meeting requests until") and "EST" in ctx.problem
    after = meeting_requests.request_context(session=session, requester_id=b.id, recipient_id=other.id, now=until + dt.timedelta(seconds=1))
    assert "cannot send" not in after.problem


def dispute(*, session, meeting_id, user_id, note, now):
    """A dispute as the meeting page makes it: checked, then done, then committed (the test is the outermost caller)."""
    report = reviews.dispute(session=session, meeting_id=meeting_id, user_id=user_id, note=note, now=now)
    session.commit()
    return report
