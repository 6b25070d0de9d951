"""Pages that must not grow with the data (issue 17): each read costs the same few SQL statements however
many rows, people or candidates there are (no query per row, as Zulip's `assert_database_query_count`
checks), and the notification list is read in its index's order (no sort of all of a user's rows)."""

from __future__ import annotations

import datetime as dt

from factories import NOW, make_user
from meeting_support import TOKYO, request
from query_count import count_queries

from engnest.discovery.services import suggestions
from engnest.meetings.services import meeting_actions, meeting_people, meeting_views
from engnest.notifications.services import notification_centre, notifications
from engnest.platform.db import get_engine
from engnest.profiles.services import anonymise
from engnest.projects.services import owner_projects


def _notify(session, user, n: int) -> None:
    for i in range(n):
        notifications.do_notify(session=session, user_id=user.id, kind="friend_request", title=f"note {i}", now=NOW + dt.timedelta(seconds=i))
    session.commit()


def test_a_notification_page_costs_the_same_statements_for_3_or_60_rows(session):
    few, many = make_user(session), make_user(session)
    _notify(session, few, 3)
    _notify(session, many, 60)
    counts = []
    for user, page in ((few, 1), (many, 1), (many, 3)):
        with count_queries(get_engine()) as queries:
            result = notification_centre.page_for(session=session, user_id=user.id, page=page)
        assert result.rows, (user.id, page)
        counts.append(len(queries))
    assert counts == [2, 2, 2], counts  # the page and the unread count


def test_a_deep_notification_page_is_read_in_index_order_without_sorting(session):
    me = make_user(session)
    _notify(session, me, 45)
    with count_queries(get_engine()) as queries:
        result = notification_centre.page_for(session=session, user_id=me.id, page=3)
    assert [r.title for r in result.rows] == [f"note {i}" for i in range(4, -1, -1)]
    engine = get_engine()
    if engine.dialect.name != "sqlite":
        return  # PostgreSQL plans by statistics; the index order is what SQLite shows deterministically
    with engine.connect() as conn:
        plan = " | ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {queries.statements[0]}", queries.parameters[0]))
    assert "ix_notification_user_created" in plan and "TEMP B-TREE" not in plan, plan


def _meetings_with(session, me, others) -> None:
    for days, other in enumerate(others, start=3):
        request(session, me, other, days=days)


def test_the_calendar_window_costs_the_same_statements_for_one_person_or_four(session):
    me, *others = (make_user(session, complete=True, first_name=f"P{i}", timezone="Asia/Tokyo", city=TOKYO) for i in range(6))
    _meetings_with(session, me, others[:1])
    loner_start, loner_end = NOW, NOW + dt.timedelta(days=40)
    with count_queries(get_engine()) as one:
        alone = meeting_views.calendar_items(session=session, user_id=me.id, start=loner_start, end=loner_end)
    _meetings_with(session, me, others[1:])
    meeting_actions.accept(session=session, meeting_id=meeting_views.calendar_items(session=session, user_id=me.id, start=loner_start, end=loner_end)[-1].id, user_id=others[-1].id, now=NOW)
    session.commit()
    with count_queries(get_engine()) as four:
        items = meeting_views.calendar_items(session=session, user_id=me.id, start=loner_start, end=loner_end)
    assert len(alone) == 1 and len(items) == 5
    assert len(four) == len(one) <= 3, four.report()
    # Titles as person_for labels each person: strangers anonymised, the collaborator (accepted) by name.
    labels = [meeting_people.person_for(session=session, viewer_id=me.id, person_id=o.id).label for o in others]
    assert [i.title.split(" · ")[0] for i in items] == [f"{label[:1].upper()}{label[1:]}" for label in labels]
    assert items[-1].title.startswith("P5 ")


def _creators_wanting_cad(session, n: int, first: str = "Zelda") -> list:
    out = []
    for _ in range(n):
        user = make_user(session, complete=True, creator=True, first_name=first, skills=("ROS",), city="Osaka, Japan")
        owner_projects.save_project(session=session, user_id=user.id, title=f"{first}'s rover", description="Wheels.", skills_wanted=["CAD", "Python"], now=NOW)
        out.append(user)
    session.commit()
    return out


def test_people_to_meet_redacts_only_the_people_shown_and_costs_the_same_statements(session, monkeypatch):
    me = make_user(session, complete=True, skills=("CAD", "Python"), city="Tokyo, Japan")
    _creators_wanting_cad(session, 3)
    with count_queries(get_engine()) as few:
        suggestions.suggest(session=session, user_id=me.id, limit=2)
    _creators_wanting_cad(session, 6)
    owners: list[int] = []
    real_owner_of = anonymise.owner_of
    monkeypatch.setattr(anonymise, "owner_of", lambda profile, **kw: owners.append(profile.user_id) or real_owner_of(profile, **kw))
    with count_queries(get_engine()) as many:
        got = suggestions.suggest(session=session, user_id=me.id, limit=2)
    assert len(got) == 2 and set(owners) == {s.user_id for s in got}, (owners, got)  # 9 candidates, 2 redacted
    assert len(many) == len(few), many.report()
    # What is shown is still as a stranger may read it: the owner's name in a project title is hidden.
    assert all("rover project wants CAD and Python, which you know" in s.reason and "Zelda" not in s.reason for s in got), got
