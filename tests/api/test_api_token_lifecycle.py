"""API tokens over their life: a password change or reset revokes every token of the account (personal tokens and
API sign-ins, whose refresh tokens then fail), and the periodic purge deletes dead tokens once they have been dead
a while, keeping a used refresh token until it expires so that its replay still ends its sign-in."""

import datetime as dt

import pytest
from api_support import API, api_client, bearer
from factories import NOW, PASSWORD, make_user
from sqlmodel import select

from engnest import features
from engnest.accounts.models import ApiToken
from engnest.accounts.services import account_recovery, account_tokens, accounts, api_sign_in, api_tokens
from engnest.platform.scheduler import registry

NEW_PASSWORD = "a-much-longer-new-passphrase-42"


def _sign_in(client, email: str) -> dict:
    return client.post(f"{API}/auth/login", json={"email": email, "password": PASSWORD}).json()


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("how", ["change", "reset"])
def test_a_new_password_revokes_every_token_of_the_account_and_no_other(session, how):
    me, other = make_user(session), make_user(session)
    client = api_client()
    personal, others = bearer(session, me), bearer(session, other)
    pair = _sign_in(client, me.email)
    assert client.get(f"{API}/users/me", headers=personal).status_code == 200
    assert client.get(f"{API}/users/me", headers=_auth(pair["access_token"])).status_code == 200
    if how == "change":
        accounts.change_password(session=session, user_id=me.id, current_password=PASSWORD, new_password=NEW_PASSWORD,
                                 confirm=NEW_PASSWORD, now=NOW)
    else:
        link = account_tokens.do_issue(session=session, user_id=me.id, purpose=account_tokens.RESET_PASSWORD, ttl=dt.timedelta(hours=1), now=NOW)
        account_recovery.reset_password(session=session, token=link, new_password=NEW_PASSWORD, confirm=NEW_PASSWORD, now=NOW)
    session.commit()
    assert client.get(f"{API}/users/me", headers=personal).status_code == 401
    assert client.get(f"{API}/users/me", headers=_auth(pair["access_token"])).status_code == 401
    assert client.post(f"{API}/auth/refresh", json={"refresh_token": pair["refresh_token"]}).status_code == 401
    assert client.get(f"{API}/users/me", headers=others).status_code == 200  # someone else's token is untouched
    fresh = client.post(f"{API}/auth/login", json={"email": me.email, "password": NEW_PASSWORD}).json()
    assert client.get(f"{API}/users/me", headers=_auth(fresh["access_token"])).status_code == 200


def _token(session, user, *, kind=api_tokens.PERSONAL, created, expires=None, revoked=None) -> int:
    row, _raw = api_tokens.do_add(session=session, user_id=user.id, name="t", scope="read", kind=kind, expires_at=expires, now=created,
                                  family="f" if kind != api_tokens.PERSONAL else None)
    row.revoked_at = revoked
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def test_the_purge_deletes_only_tokens_dead_for_longer_than_the_grace_period(session):
    user = make_user(session)
    keep = api_tokens.PURGE_AFTER
    day = dt.timedelta(days=1)
    kept = {
        "live": _token(session, user, created=NOW - 100 * day),
        "live until later": _token(session, user, created=NOW - 10 * day, expires=NOW + day),
        "revoked lately": _token(session, user, created=NOW - 100 * day, revoked=NOW - keep + day),
        "expired lately": _token(session, user, created=NOW - 100 * day, expires=NOW - keep + day),
        # A used refresh token stays while it could still be replayed (until it expires, and then the grace period).
        "used refresh, not expired": _token(session, user, kind=api_tokens.REFRESH, created=NOW - 20 * day,
                                            expires=NOW - 20 * day + api_sign_in.REFRESH_TTL, revoked=NOW - 19 * day),
    }
    gone = {
        "revoked long ago": _token(session, user, created=NOW - 100 * day, revoked=NOW - keep - day),
        "expired long ago": _token(session, user, created=NOW - 100 * day, expires=NOW - keep - day),
        "access, expired": _token(session, user, kind=api_tokens.ACCESS, created=NOW - 9 * day, expires=NOW - keep - day, revoked=NOW - 9 * day),
        "used refresh, expired": _token(session, user, kind=api_tokens.REFRESH, created=NOW - 60 * day,
                                        expires=NOW - 60 * day + api_sign_in.REFRESH_TTL, revoked=NOW - 59 * day),
    }
    session.commit()
    assert api_tokens.do_purge(session=session, now=NOW) == len(gone)
    session.commit()
    left = set(session.exec(select(ApiToken.id)).all())
    assert left == set(kept.values())
    assert api_tokens.do_purge(session=session, now=NOW) == 0  # nothing more to do


def test_the_purge_is_a_periodic_job_of_the_scheduler(session, monkeypatch):
    features.load_services()
    fn, every = registry.PERIODIC["api-token-purge"]
    assert fn is api_tokens.run_purge_job and every == api_tokens.PURGE_EVERY_SECONDS
    user = make_user(session)
    dead = _token(session, user, created=NOW - dt.timedelta(days=30), revoked=NOW - dt.timedelta(days=20))
    session.commit()
    fn()  # the scheduler's call: its own unit of work, the (pinned) clock's now
    session.expire_all()
    assert session.get(ApiToken, dead) is None
