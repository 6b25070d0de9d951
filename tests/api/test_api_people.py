"""People through the API are exactly what the app shows the caller: a stranger (or a friend who has not met
them) gets the anonymised card and nothing more, field by field; collaborators and oneself get the full part."""

from dataclasses import asdict

from api_support import API, api_client, bearer, error_of
from dm_support import block, collaborators
from factories import NOW, make_user

from engnest.discovery.api.schemas import PersonPublic
from engnest.discovery.services import cards
from engnest.profiles.services import profiles

CARD_FIELDS = {"user_id", "headline", "status", "preference", "place", "distance", "pitch", "reliability", "skills", "projects",
               "relation", "collaborator", "blocked", "full"}


def _victim(session):
    victim = make_user(session, complete=True, first_name="Zenobia", last_name="Quarrington", creator=True,
                       pitch="Hi, I am Zenobia Quarrington, write to zenobia.q@example.org about robots.")
    profiles.update_links(session=session, user_id=victim.id, github_url="https://github.com/zquarrington",
                                linkedin_url="", portfolio_url="", now=NOW)
    session.commit()
    return victim


def test_a_stranger_gets_exactly_the_anonymised_card_the_person_page_shows(session):
    victim = _victim(session)
    eve = make_user(session, complete=True, city="Manchester, United Kingdom")
    headers = bearer(session, eve, "read")
    client = api_client()
    # Eve is signed in with a valid token, and sees her own full profile.
    me = client.get(f"{API}/users/me", headers=headers)
    assert me.status_code == 200 and me.json()["card"]["full"]["name"].startswith("Ada")
    response = client.get(f"{API}/users/{victim.id}", headers=headers)
    assert response.status_code == 200
    body = response.json()
    page_card = cards.person(session=session, viewer_id=eve.id, user_id=victim.id, now=NOW, viewer_tz=eve.timezone)
    expected = asdict(page_card)
    assert set(body) == CARD_FIELDS and body["full"] is None and body["collaborator"] is False
    for name in CARD_FIELDS - {"full"}:
        assert body[name] == expected[name], name
    for secret in ("Zenobia", "Quarrington", "zquarrington", "zenobia.q@example.org", victim.email, "avatar"):
        assert secret.lower() not in response.text.lower(), secret
    assert body["pitch"] and body["skills"] and body["projects"]  # the card itself is there


def test_a_collaborator_gets_the_full_profile_and_a_block_hides_the_person(session):
    victim = _victim(session)
    friend, eve = make_user(session, complete=True), make_user(session, complete=True)
    collaborators(session, friend, victim)
    client = api_client()
    full = client.get(f"{API}/users/{victim.id}", headers=bearer(session, friend, "read")).json()["full"]
    assert full["name"] == "Zenobia Quarrington" and full["links"] == [{"label": "GitHub", "url": "https://github.com/zquarrington"}]
    eve_headers = bearer(session, eve, "read")
    assert client.get(f"{API}/users/{victim.id}", headers=eve_headers).status_code == 200
    block(session, victim, eve)
    hidden = client.get(f"{API}/users/{victim.id}", headers=eve_headers)
    assert hidden.status_code == 404 and error_of(hidden)["code"] == "not_found"
    assert client.get(f"{API}/users/2147483647", headers=eve_headers).status_code == 404
    assert error_of(client.get(f"{API}/users/2147483648", headers=eve_headers))["fields"].keys() == {"user_id"}


def test_people_search_pages_with_a_cursor_and_never_lists_blocked_people_or_the_caller(sqlite_session):
    s = sqlite_session
    eve = make_user(s, complete=True, discipline="electrical")
    found = [make_user(s, complete=True, discipline="civil", first_name="Wilhelmina") for _ in range(23)]
    block(s, found[0], eve)
    headers = bearer(s, eve, "read")
    client = api_client()
    first = client.get(f"{API}/people", params={"discipline": "civil"}, headers=headers).json()
    assert len(first["items"]) == 20 and first["total"] == 22 and first["next_cursor"]
    second = client.get(f"{API}/people", params={"discipline": "civil", "cursor": first["next_cursor"]}, headers=headers).json()
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    ids = [p["user_id"] for p in first["items"] + second["items"]]
    assert sorted(ids) == sorted(u.id for u in found[1:]) and eve.id not in ids
    assert all(p["full"] is None for p in first["items"]) and "Wilhelmina" not in str(first)
    ignored = client.get(f"{API}/people", params={"discipline": "alchemy"}, headers=headers).json()
    assert ignored["notes"] and len(ignored["items"]) == 20  # the same note as on Discover; the filter is dropped
    bad = client.get(f"{API}/people", params={"cursor": "not-a-cursor"}, headers=headers)
    assert bad.status_code == 422 and "cursor" in error_of(bad)["fields"]


def test_the_schema_of_a_card_has_no_field_a_stranger_could_identify_someone_by():
    schema = PersonPublic.model_json_schema()
    assert set(schema["properties"]) == CARD_FIELDS
    full = schema["$defs"]["FullProfilePublic"]["properties"]
    assert set(full) == {"name", "avatar_url", "pitch", "city", "links"}
