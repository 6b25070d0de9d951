"""`unread=true` on conversations and notifications: only what the caller has not read, still only the caller's own,
and paged with the same cursors."""

import datetime as dt

from api_support import API, api_client, bearer
from dm_support import collaborators, mark_read, person, send
from factories import NOW

from engnest.notifications.services import notification_centre
from engnest.notifications.services.notifications import do_notify


def test_unread_conversations_are_those_with_a_message_i_have_not_read(session):
    me, read_one, unread_one, quiet = (person(session) for _ in range(4))
    for other in (read_one, unread_one, quiet):
        collaborators(session, me, other)
    send(session, read_one, me, "Seen")
    send(session, unread_one, me, "Not yet seen")
    send(session, me, quiet, "I wrote last")
    mark_read(session, me, read_one)
    session.commit()
    client = api_client()
    headers = bearer(session, me)
    every = [c["peer_id"] for c in client.get(f"{API}/conversations", headers=headers).json()["items"]]
    assert set(every) == {read_one.id, unread_one.id, quiet.id}
    unread = client.get(f"{API}/conversations", params={"unread": "true"}, headers=headers).json()["items"]
    assert [(c["peer_id"], c["unread"]) for c in unread] == [(unread_one.id, 1)]
    # The other side's unread state is theirs: quiet has not read mine.
    assert [c["peer_id"] for c in client.get(f"{API}/conversations", params={"unread": "true"}, headers=bearer(session, quiet)).json()["items"]] == [me.id]


def test_unread_notifications_page_through_only_the_unread_ones(sqlite_session):
    me, other = person(sqlite_session), person(sqlite_session)
    per_page = notification_centre.PER_PAGE
    ids = []
    for i in range(per_page * 2):
        row = do_notify(session=sqlite_session, user_id=me.id, kind="friend_request", title=f"n{i}", now=NOW + dt.timedelta(seconds=i))
        ids.append(row.id)
    do_notify(session=sqlite_session, user_id=other.id, kind="friend_request", title="theirs", now=NOW)
    sqlite_session.commit()
    for read_id in ids[::3]:  # every third one read
        assert notification_centre.mark_read(session=sqlite_session, user_id=me.id, notification_id=read_id, now=NOW)
    sqlite_session.commit()
    client = api_client()
    headers = bearer(sqlite_session, me)
    first = client.get(f"{API}/notifications", params={"unread": "true"}, headers=headers).json()
    assert len(first["items"]) == per_page and first["next_cursor"] and first["unread"] == len(ids) - len(ids[::3])
    second = client.get(f"{API}/notifications", params={"unread": "true", "cursor": first["next_cursor"]}, headers=headers).json()
    seen = [n["id"] for n in first["items"] + second["items"]]
    assert seen == sorted(set(ids) - set(ids[::3]), reverse=True) and second["next_cursor"] is None
    assert all(not n["read"] for n in first["items"] + second["items"])
    assert len(client.get(f"{API}/notifications", headers=headers).json()["items"]) == per_page  # unfiltered: read ones too
