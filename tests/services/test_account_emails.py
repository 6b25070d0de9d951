"""Sign-up that does not say which addresses exist, email verification, "forgot password" and the sign-in link
(issue 9, §2 item 10 and §3), against a real SMTP server, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from account_support import body, in_queue_order, link_in, token_in
from factories import NOW, PASSWORD, login_token, make_user
from meeting_support import race

from engnest.accounts.models import AccountToken, User
from engnest.accounts.services import account_recovery, accounts, email_verification, passwords, sessions
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.mail import mail
from engnest.platform.mail.models import OutboundEmail
from engnest.platform.settings import reset_settings_cache

NEW_PASSWORD = "new-harbour-lantern-9"


@pytest.fixture
def env(monkeypatch):
    def _set(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        reset_settings_cache()

    yield _set
    reset_settings_cache()


def signup(session, email, password=PASSWORD, client="10.0.0.1", now=NOW):
    return accounts.signup(
        session=session, email=email, password=password, birth_date="1990-05-01", timezone="Europe/London", now=now, client=client
    )


def delivered(session, sink, address):
    """The emails `address` got, once the test's unit of work has committed (mail is queued after commit)."""
    session.commit()
    mail.wait_idle()
    return in_queue_order(sink.to(address))


def users(session) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(User)).scalar_one()


# --- sign-up ---------------------------------------------------------------------------------------


def test_signup_answers_alike_for_new_and_existing_addresses_and_emails_each_owner(session, smtp_sink, monkeypatch):
    owner = make_user(session, email="taken@example.com")
    old_hash = owner.password_hash
    hashed = []
    real_hash = passwords.hash_password
    monkeypatch.setattr(passwords, "hash_password", lambda p: hashed.append(p) or real_hash(p))

    created = signup(session, "fresh@example.com")
    again = signup(session, "TAKEN@example.com", password="other-harbour-lantern-9")  # no error, nothing said

    assert created is not None and created.email_verified_at is None and again is None
    assert len(hashed) == 2  # the same bcrypt work in both branches
    assert users(session) == 2
    session.expire_all()
    assert session.get(User, owner.id).password_hash == old_hash  # the existing account is untouched
    (verify,) = delivered(session, smtp_sink, "fresh@example.com")
    assert verify["Subject"] == "Confirm your email address for EngNest"
    assert "/account/verify?token=" in link_in(verify)
    (warning,) = delivered(session, smtp_sink, "taken@example.com")
    assert warning["Subject"] == "Someone tried to sign up with your address"
    assert "nothing about your account changed" in body(warning) and "token=" not in body(warning)


def test_signup_is_throttled_per_client_for_existing_addresses_too(session, env):
    env(SIGNUP_LIMIT_PER_CLIENT="3/hour")
    make_user(session, email="taken@example.com")
    answers = []
    for _ in range(4):
        try:
            answers.append(signup(session, "taken@example.com", client="10.9.9.9"))
        except ValidationFailed as exc:
            answers.append(exc.errors)
    assert answers[:3] == [None, None, None]
    assert "Too many sign-ups" in answers[3]["form"]
    with pytest.raises(ValidationFailed) as exc:  # a new address from that client: the same refusal
        signup(session, "fresh@example.com", client="10.9.9.9")
    assert exc.value.errors == answers[3]
    assert signup(session, "fresh@example.com", client="10.8.8.8") is not None  # another client is fine


def test_someone_tried_to_sign_up_emails_are_capped_per_address(session, smtp_sink, env):
    env(ACCOUNT_EMAIL_LIMIT_PER_ADDRESS="2/hour")
    make_user(session, email="taken@example.com")
    for i in range(4):
        assert signup(session, "taken@example.com", client=f"10.0.0.{i}") is None
    assert len(delivered(session, smtp_sink, "taken@example.com")) == 2


# --- verification ----------------------------------------------------------------------------------


def test_the_verification_link_confirms_the_address_once(session, smtp_sink):
    user = signup(session, "new@example.com")
    token = token_in(delivered(session, smtp_sink, "new@example.com")[0])
    assert email_verification.peek_link(session=session, token=token, now=NOW) == "new@example.com"
    assert not email_verification.is_verified(session=session, user_id=user.id)

    confirmed = email_verification.confirm(session=session, token=token, now=NOW + dt.timedelta(hours=1))
    assert confirmed.id == user.id and email_verification.is_verified(session=session, user_id=user.id)
    with pytest.raises(ValidationFailed) as exc:
        email_verification.confirm(session=session, token=token, now=NOW + dt.timedelta(hours=1))
    assert "expired or was already used" in exc.value.errors["form"]
    assert email_verification.peek_link(session=session, token=token, now=NOW) == ""


def test_the_verification_link_expires(session, smtp_sink):
    signup(session, "late@example.com")
    token = token_in(delivered(session, smtp_sink, "late@example.com")[0])
    with pytest.raises(ValidationFailed):
        email_verification.confirm(session=session, token=token, now=NOW + dt.timedelta(hours=48, seconds=1))


def test_an_unverified_account_signs_in_with_its_password_and_can_resend_the_link(session, smtp_sink):
    user = signup(session, "slow@example.com")
    assert accounts.check_credentials(session=session, email="slow@example.com", password=PASSWORD, client="c").id == user.id
    assert email_verification.resend(session=session, user_id=user.id, client="c", now=NOW) == "We sent a new link to slow@example.com."
    first, second = delivered(session, smtp_sink, "slow@example.com")
    assert token_in(first) != token_in(second)
    email_verification.confirm(session=session, token=token_in(first), now=NOW)  # the older email works too
    assert email_verification.resend(session=session, user_id=user.id, client="c", now=NOW) == "Your email address is already confirmed."


def test_resending_is_capped_per_address_with_a_message(session, smtp_sink, env):
    env(ACCOUNT_EMAIL_LIMIT_PER_ADDRESS="2/hour")
    user = signup(session, "eager@example.com")  # the first email
    email_verification.resend(session=session, user_id=user.id, client="c", now=NOW)
    with pytest.raises(ValidationFailed) as exc:
        email_verification.resend(session=session, user_id=user.id, client="c", now=NOW)
    assert "several links" in exc.value.errors["form"]
    assert len(delivered(session, smtp_sink, "eager@example.com")) == 2


# --- forgot password -------------------------------------------------------------------------------


def test_a_reset_link_is_single_use_stored_hashed_and_revokes_every_session(session, smtp_sink):
    user = make_user(session, email="forgetful@example.com")
    tokens = [login_token(session, user) for _ in range(2)]
    account_recovery.request_reset(session=session, email=" Forgetful@Example.com", client="c", now=NOW)
    (msg,) = delivered(session, smtp_sink, "forgetful@example.com")
    assert msg["Subject"] == "Reset your EngNest password" and "30 minutes" in body(msg)
    token = token_in(msg)
    session.expire_all()
    stored = session.execute(sa.select(AccountToken.token_hash)).scalars().all()
    assert len(stored) == 1 and token not in stored[0]
    assert all(token not in e.body for e in session.execute(sa.select(OutboundEmail)).scalars())  # blanked once sent

    later = NOW + dt.timedelta(minutes=10)
    assert account_recovery.reset_link_is_live(session=session, token=token, now=later)
    account_recovery.reset_password(session=session, token=token, new_password=NEW_PASSWORD, confirm=NEW_PASSWORD, now=later)
    assert all(sessions.user_for_token(session=session, token=t, now=later) is None for t in tokens)
    with pytest.raises(ValidationFailed):
        accounts.check_credentials(session=session, email=user.email, password=PASSWORD, client="c")
    assert accounts.check_credentials(session=session, email=user.email, password=NEW_PASSWORD, client="c").id == user.id
    with pytest.raises(ValidationFailed) as exc:
        account_recovery.reset_password(session=session, token=token, new_password="third-harbour-lantern-7", confirm="third-harbour-lantern-7", now=later)
    assert "expired or was already used" in exc.value.errors["form"]


def test_a_reset_link_expires_and_a_newer_one_replaces_it(session, smtp_sink):
    make_user(session, email="forgetful@example.com")
    for _ in range(2):
        account_recovery.request_reset(session=session, email="forgetful@example.com", client="c", now=NOW)
    first, second = (token_in(m) for m in delivered(session, smtp_sink, "forgetful@example.com"))
    assert not account_recovery.reset_link_is_live(session=session, token=first, now=NOW)  # superseded
    with pytest.raises(ValidationFailed):
        account_recovery.reset_password(
            session=session, token=second, new_password=NEW_PASSWORD, confirm=NEW_PASSWORD, now=NOW + dt.timedelta(minutes=31)
        )


def test_a_bad_new_password_keeps_the_link_and_writes_nothing(session, smtp_sink):
    user = make_user(session, email="forgetful@example.com")
    account_recovery.request_reset(session=session, email=user.email, client="c", now=NOW)
    token = token_in(delivered(session, smtp_sink, user.email)[0])
    with pytest.raises(ValidationFailed) as exc:
        account_recovery.reset_password(session=session, token=token, new_password="password", confirm="passwort", now=NOW)
    assert set(exc.value.errors) == {"new_password", "confirm_password"}
    assert account_recovery.reset_link_is_live(session=session, token=token, now=NOW)
    assert accounts.check_credentials(session=session, email=user.email, password=PASSWORD, client="c").id == user.id


def test_parallel_uses_of_one_reset_link_change_the_password_once(session, smtp_sink, db_url):
    user = make_user(session, email="forgetful@example.com")
    account_recovery.request_reset(session=session, email=user.email, client="c", now=NOW)
    token = token_in(delivered(session, smtp_sink, user.email)[0])
    passwords_tried = [f"parallel-harbour-{i}-lantern" for i in range(6)]

    def reset_to(password):
        return lambda s: account_recovery.reset_password(session=s, token=token, new_password=password, confirm=password, now=NOW)

    results = race(db_url, [reset_to(p) for p in passwords_tried])
    winners = [p for p, r in zip(passwords_tried, results, strict=True) if isinstance(r, User)]
    assert len(winners) == 1
    assert all(isinstance(r, ValidationFailed) for r in results if not isinstance(r, User))
    session.expire_all()
    assert accounts.check_credentials(session=session, email=user.email, password=winners[0], client="c").id == user.id


def test_forgot_password_answers_alike_for_unknown_addresses_and_is_throttled(session, smtp_sink, env):
    env(ACCOUNT_EMAIL_LIMIT_PER_ADDRESS="2/hour", ACCOUNT_EMAIL_LIMIT_PER_CLIENT="5/hour")
    make_user(session, email="known@example.com")
    for i in range(3):
        assert account_recovery.request_reset(session=session, email="known@example.com", client=f"10.0.0.{i}", now=NOW) is None
        assert account_recovery.request_reset(session=session, email="nobody@example.com", client=f"10.0.0.{i}", now=NOW) is None
    assert len(delivered(session, smtp_sink, "known@example.com")) == 2  # per address
    assert delivered(session, smtp_sink, "nobody@example.com") == []
    refusals = {}
    for email in ("known@example.com", "nobody@example.com"):
        client = f"10.7.7.{len(refusals)}"
        for _ in range(5):
            account_recovery.request_reset(session=session, email=email, client=client, now=NOW)
        with pytest.raises(ValidationFailed) as exc:  # per client, whatever the address
            account_recovery.request_reset(session=session, email=email, client=client, now=NOW)
        refusals[email] = exc.value.errors
    assert refusals["known@example.com"] == refusals["nobody@example.com"]
    assert "Too many emails requested" in refusals["known@example.com"]["form"]


def test_account_emails_reach_people_who_turned_notification_emails_off(session, smtp_sink):
    user = make_user(session, email="quiet@example.com")
    accounts.do_set_email_notifications(session=session, user_id=user.id, enabled=False)
    account_recovery.request_reset(session=session, email=user.email, client="c", now=NOW)
    assert len(delivered(session, smtp_sink, user.email)) == 1


# --- sign-in link ----------------------------------------------------------------------------------


def test_a_sign_in_link_signs_in_once_and_expires(session, smtp_sink):
    user = make_user(session, email="attacked@example.com", verified=False)
    account_recovery.request_sign_in_link(session=session, email="attacked@example.com", client="c", now=NOW)
    (msg,) = delivered(session, smtp_sink, user.email)
    assert msg["Subject"] == "Your EngNest sign-in link" and "15 minutes" in body(msg)
    token = token_in(msg)
    assert account_recovery.peek_sign_in_link(session=session, token=token, now=NOW) == user.email
    assert account_recovery.redeem_sign_in_link(session=session, token=token, now=NOW).id == user.id
    assert email_verification.is_verified(session=session, user_id=user.id)  # it proved the mailbox
    with pytest.raises(ValidationFailed):
        account_recovery.redeem_sign_in_link(session=session, token=token, now=NOW)

    account_recovery.request_sign_in_link(session=session, email=user.email, client="c", now=NOW)
    late = token_in(delivered(session, smtp_sink, user.email)[1])
    with pytest.raises(ValidationFailed):
        account_recovery.redeem_sign_in_link(session=session, token=late, now=NOW + dt.timedelta(minutes=16))


def test_links_of_one_purpose_do_not_work_for_another(session, smtp_sink):
    user = make_user(session, email="mixed@example.com")
    account_recovery.request_sign_in_link(session=session, email=user.email, client="c", now=NOW)
    token = token_in(delivered(session, smtp_sink, user.email)[0])
    assert not account_recovery.reset_link_is_live(session=session, token=token, now=NOW)
    with pytest.raises(ValidationFailed):
        account_recovery.reset_password(session=session, token=token, new_password=NEW_PASSWORD, confirm=NEW_PASSWORD, now=NOW)
    with pytest.raises(ValidationFailed):
        email_verification.confirm(session=session, token=token, now=NOW)
    for junk in (None, "", 12, "x" * 500, {"a": 1}):
        assert account_recovery.peek_sign_in_link(session=session, token=junk, now=NOW) == ""
