import sqlalchemy as sa
from factories import NOW

from devdata import seed
from devdata.seed_meetings import seed_meetings
from engnest.billing.services import credits
from engnest.meetings.models import Meeting
from engnest.network.services import relations


def test_the_demo_seed_adds_meetings_in_every_state_once(sqlite_session):
    seed.seed(session=sqlite_session, count=60, now=NOW)
    rows = [r[0] for r in sqlite_session.exec(sa.select(Meeting)).all()]
    assert {m.status for m in rows} >= {"completed", "accepted", "pending"}
    assert any(m.kind == "online" for m in rows) and any(m.spot_kind == "cafe" for m in rows)
    accepted = [m for m in rows if m.status in ("accepted", "completed")]
    assert all(relations.are_collaborators(session=sqlite_session, a=m.requester_id, b=m.recipient_id) for m in accepted)
    demo = seed.accounts.find_user_by_email(session=sqlite_session, email=seed.DEMO_EMAIL)
    assert credits.balance(session=sqlite_session, user_id=demo.id) == 2  # 3 granted, 1 spent on the online meeting
    assert seed_meetings(session=sqlite_session, demo_email=seed.DEMO_EMAIL, now=NOW) == 0
