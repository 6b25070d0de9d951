"""An account whose address is not confirmed can browse, but not request meetings or send messages; the
services refuse with a clear message and write nothing. Confirming through the emailed link lifts it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from account_support import token_in
from dm_support import collaborators, count, person, send
from factories import NOW
from meeting_support import TOKYO, YOKOHAMA, request

from engnest.accounts.services import email_verification
from engnest.discovery.domain.search import parse_filters
from engnest.discovery.services import search
from engnest.meetings.models import Meeting
from engnest.meetings.services import meeting_requests
from engnest.messaging.models import Message
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.mail import mail


def confirm_by_link(session, sink, user) -> None:
    email_verification.resend(session=session, user_id=user.id, client="c", now=NOW)
    session.commit()  # the email goes out after the commit
    mail.wait_idle()
    email_verification.confirm(session=session, token=token_in(sink.to(user.email)[-1]), now=NOW)
    session.commit()


def meetings(session) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(Meeting)).scalar_one()


def test_an_unverified_account_cannot_request_a_meeting_until_it_confirms(session, smtp_sink):
    verified, newcomer, other = (person(session, city=c, verified=v) for c, v in ((TOKYO, True), (TOKYO, False), (YOKOHAMA, True)))
    request(session, verified, other)  # a confirmed account may: the gate is about the address, not the request
    assert meetings(session) == 1

    context = meeting_requests.request_context(session=session, requester_id=newcomer.id, recipient_id=other.id, now=NOW)
    assert context.problem == email_verification.UNVERIFIED  # the form says why, before anything is sent
    with pytest.raises(ValidationFailed) as exc:
        request(session, newcomer, other)
    assert exc.value.errors == {"form": email_verification.UNVERIFIED}
    assert meetings(session) == 1

    confirm_by_link(session, smtp_sink, newcomer)
    request(session, newcomer, other)
    assert meetings(session) == 2


def test_an_unverified_account_cannot_send_messages_until_it_confirms(session, smtp_sink):
    verified, newcomer = person(session), person(session, verified=False)
    collaborators(session, verified, newcomer)  # e.g. it accepted a meeting before confirming
    send(session, verified, newcomer, "Hello from a confirmed account")
    assert count(session) == 1

    with pytest.raises(ValidationFailed) as exc:
        send(session, newcomer, verified, "Hello back")
    assert exc.value.errors == {"form": email_verification.UNVERIFIED}
    assert count(session, Message) == 1

    confirm_by_link(session, smtp_sink, newcomer)
    send(session, newcomer, verified, "Hello back")
    assert count(session) == 2


def test_an_unverified_account_can_still_browse(session):
    newcomer, other = person(session, verified=False), person(session)
    page = search.search(session=session, viewer_id=newcomer.id, filters=parse_filters({}))
    assert other.id in page.ids
