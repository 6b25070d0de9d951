"""Profile editing and blocks through the API: the profile page's checks (a PATCH with one bad part writes none of
it), skills that are only ever the caller's own, a pitch strangers see redacted, and blocks that hide people both
ways (the blocker keeps a card marked blocked, to lift it) without telling the blocked person."""

from api_support import API, api_client, bearer, error_of
from dm_support import person
from factories import make_user
from meeting_support import pair

from engnest.profiles.models import Profile, Skill


def test_a_patch_changes_only_what_is_sent_and_one_bad_part_writes_nothing(session):
    me = make_user(session, complete=True, first_name="Grace", last_name="Hopper")
    client = api_client()
    headers = bearer(session, me)
    before = client.get(f"{API}/users/me/profile", headers=headers).json()
    assert before["first_name"] == "Grace" and before["complete"] is True and before["missing"] == []
    bad = client.patch(f"{API}/users/me/profile", headers=headers,
                       json={"first_name": "Amazing", "discipline": "astrology", "city": "Qqxzvillezzz", "github_url": "ftp://x"})
    assert bad.status_code == 422
    assert {"discipline", "city", "github_url"} <= set(error_of(bad)["fields"])
    session.expire_all()
    assert session.get(Profile, me.id).first_name == "Grace"  # the valid part was not saved either
    changed = client.patch(f"{API}/users/me/profile", headers=headers, json={"discipline": "civil", "city": "Leeds"})
    assert changed.status_code == 200, changed.text
    after = changed.json()
    assert after["discipline"] == "civil" and after["city"].startswith("Leeds") and after["first_name"] == "Grace"
    assert client.patch(f"{API}/users/me/profile", headers=bearer(session, me, "read"), json={"discipline": "software"}).status_code == 403


def test_a_pitch_published_through_the_api_reaches_strangers_redacted(session):
    me, stranger = pair(session)
    client = api_client()
    pitch = "I am Aiko Tanaka, write to aiko@example.com about tidal turbines."
    mine = client.patch(f"{API}/users/me/profile", headers=bearer(session, me), json={"pitch": pitch}).json()
    assert mine["pitch"] == pitch and "Tanaka" not in mine["public_pitch"] and "aiko@example.com" not in mine["public_pitch"]
    card = client.get(f"{API}/users/{me.id}", headers=bearer(session, stranger)).json()
    assert card["pitch"] == mine["public_pitch"] and card["full"] is None


def test_skills_are_added_and_removed_only_by_their_owner(session):
    me, eve = person(session), person(session)
    client = api_client()
    mine, eves = bearer(session, me), bearer(session, eve)
    added = client.post(f"{API}/users/me/skills", headers=mine, json={"name": "Revit", "level": "expert"})
    assert added.status_code == 201 and added.json()["name"] == "Revit"
    skill_id = added.json()["id"]
    # Eve is signed in with a valid token and manages her own skills; mine stay mine.
    her_skill = client.post(f"{API}/users/me/skills", headers=eves, json={"name": "Abaqus", "level": "beginner"}).json()
    assert client.delete(f"{API}/users/me/skills/{skill_id}", headers=eves).status_code == 404
    session.expire_all()
    assert session.get(Skill, skill_id) is not None
    assert client.delete(f"{API}/users/me/skills/{her_skill['id']}", headers=eves).status_code == 204
    bad = client.post(f"{API}/users/me/skills", headers=mine, json={"name": "   ", "level": "expert"})
    assert bad.status_code == 422 and "skill" in error_of(bad)["fields"]
    assert client.delete(f"{API}/users/me/skills/{skill_id}", headers=mine).status_code == 204
    assert all(s["id"] != skill_id for s in client.get(f"{API}/users/me/profile", headers=mine).json()["skills"])


def test_a_block_hides_the_blocker_and_only_the_blocker_lists_or_lifts_it(session):
    a, b = pair(session)
    client = api_client()
    a_headers, b_headers = bearer(session, a), bearer(session, b)
    assert client.get(f"{API}/users/{b.id}", headers=a_headers).status_code == 200
    blocked = client.put(f"{API}/blocks/{b.id}", headers=a_headers)
    assert blocked.status_code == 200 and blocked.json()["user_id"] == b.id
    assert client.put(f"{API}/blocks/{b.id}", headers=a_headers).json() == blocked.json()  # again: nothing changes
    assert [x["user_id"] for x in client.get(f"{API}/blocks", headers=a_headers).json()["items"]] == [b.id]
    assert client.get(f"{API}/blocks", headers=b_headers).json()["items"] == []  # never says who blocked you
    assert client.get(f"{API}/users/{a.id}", headers=b_headers).status_code == 404
    assert client.get(f"{API}/users/{b.id}", headers=a_headers).json()["blocked"] is True  # as the person page: to unblock
    assert b.id not in [p["user_id"] for p in client.get(f"{API}/people", headers=a_headers).json()["items"]]
    assert client.put(f"{API}/blocks/{a.id}", headers=a_headers).status_code == 422  # oneself
    assert client.delete(f"{API}/blocks/{b.id}", headers=b_headers).status_code == 204  # B cannot lift A's block
    assert client.get(f"{API}/users/{a.id}", headers=b_headers).status_code == 404
    assert client.delete(f"{API}/blocks/{b.id}", headers=a_headers).status_code == 204
    assert client.get(f"{API}/users/{a.id}", headers=b_headers).status_code == 200
