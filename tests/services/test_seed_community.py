"""The demo community (issue 13, item 5): a new user finds a few lively rooms with a week of chat, the demo login
owns one (with a report waiting in its queue) and moderates another; seeding again adds nothing."""

import datetime as dt

import sqlalchemy as sa
from factories import NOW

from devdata import seed
from devdata.seed_community import ROOMS, seed_community
from engnest.community.models import Report, Room
from engnest.community.services import directory, moderation_queue, room_chat
from engnest.messaging.models import Message
from engnest.platform.domain.timezones import ensure_aware_utc


def test_the_demo_rooms_are_lively_and_seeded_once(sqlite_session):
    s = sqlite_session
    seed.seed(session=s, count=60, now=NOW)
    s.commit()
    demo = seed.accounts.find_user_by_email(session=s, email=seed.DEMO_EMAIL)
    newcomer = seed.accounts.find_user_by_email(session=s, email="engineer060@demo.engnest.dev")
    entries = directory.search(session=s, viewer_id=newcomer.id)
    assert {e.name for e in entries} >= {name for name, *_ in ROOMS}
    assert all(e.member_count >= 10 for e in entries)
    fea = next(e for e in entries if e.name == "FEA clinic")
    page = room_chat.read_page(session=s, viewer_id=demo.id, room_id=fea.id)
    times = [ensure_aware_utc(line.created_at) for line in page.lines]
    assert len(page.lines) >= 10 and times == sorted(times)
    assert NOW - dt.timedelta(days=7, minutes=1) <= times[0] and times[-1] <= NOW
    assert all("@" not in line.sender for line in page.lines)  # pseudonyms or met names, never an address
    [item] = moderation_queue.queue(session=s, viewer_id=demo.id).items
    assert (item.room_name, item.excerpt, item.reports) == ("FEA clinic", "DM me for cheap certified CAD courses, 90% off today only!!!", 2)
    counts = [s.exec(sa.select(sa.func.count()).select_from(t)).one()[0] for t in (Room, Message, Report)]
    assert seed_community(session=s, demo_email=seed.DEMO_EMAIL, now=NOW) == 0
    assert [s.exec(sa.select(sa.func.count()).select_from(t)).one()[0] for t in (Room, Message, Report)] == counts
