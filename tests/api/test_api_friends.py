"""Friends through the API: a token acts on its owner's requests only, and a friend who has not met you is still
an anonymised card."""

from api_support import API, api_client, bearer, error_of
from dm_support import person


def test_a_token_accepts_only_requests_sent_to_its_owner_and_friends_stay_anonymised(session):
    a, victim, eve, eves_friend = (person(session) for _ in range(4))
    client = api_client()
    a_headers, victim_headers, eve_headers = bearer(session, a), bearer(session, victim, "read"), bearer(session, eve)
    assert client.post(f"{API}/friends/{victim.id}/request", headers=a_headers).json() == {"user_id": victim.id, "relation": "sent"}
    # Eve is signed in with a valid token and befriends someone herself.
    assert client.post(f"{API}/friends/{eves_friend.id}/request", headers=eve_headers).json()["relation"] == "sent"
    assert client.post(f"{API}/friends/{eve.id}/accept", headers=bearer(session, eves_friend)).json()["relation"] == "friends"
    [friend] = client.get(f"{API}/friends", headers=eve_headers).json()["friends"]
    assert friend["user_id"] == eves_friend.id and friend["full"] is None and friend["relation"] == "friends"
    # She cannot accept or decline what a sent to the victim.
    for action in ("accept", "decline"):
        refused = client.post(f"{API}/friends/{a.id}/{action}", headers=eve_headers)
        assert refused.status_code == 409 and error_of(refused)["code"] == "conflict"
    assert [p["user_id"] for p in client.get(f"{API}/friends", headers=victim_headers).json()["received"]] == [a.id]
    assert client.post(f"{API}/friends/{a.id}/accept", headers=victim_headers).status_code == 403  # read-only token
