"""Faults under traffic, through nginx to two workers (issue 16's chaos tier): PostgreSQL stopped 10 s, Redis
restarted empty, a worker SIGKILLed mid-burst. Each time: every message the client sent is stored exactly once with
its notification (nothing lost, nothing duplicated, nothing half-written), every request was answered (an error
during the outage, never a hang), and sending works again within a bound once the fault is over."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest
import sqlalchemy as sa
from factories import make_user
from sqlmodel import Session, select

from chaos.stack import wait_until_up
from engnest.messaging.models import Message
from engnest.network.services import relations
from engnest.notifications.models import Notification
from engnest.platform.clock import utcnow

RECOVERY_BOUND_S = 10.0  # fault over -> the next send stored
ANSWER_BOUND_S = 6.0  # every request is answered (success or a clear error) within this


class Sender:
    """A client that sends through nginx and retries a failed send with the same Idempotency-Key, as the page does."""

    def __init__(self, api_url: str, token: str, peer: int) -> None:
        self.client = httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {token}"}, timeout=ANSWER_BOUND_S)
        self.peer = peer
        self.sent: list[str] = []
        self.errors: list[str] = []  # what the client saw while a fault lasted
        self.last_ok = 0.0

    def send(self, body: str, give_up_after: float = 60) -> float:
        """Send until stored; returns how long it took."""
        key, start = str(uuid.uuid4()), time.monotonic()
        while True:
            try:
                r = self.client.post(f"/api/v1/conversations/{self.peer}/messages", json={"body": body}, headers={"Idempotency-Key": key})
                if r.status_code in (200, 201):
                    assert r.json()["body"] == body
                    self.sent.append(body)
                    self.last_ok = time.monotonic()
                    return self.last_ok - start
                assert r.status_code >= 500, r.text  # a fault is the server's, never "bad request"
                self.errors.append(str(r.status_code))
            except httpx.TimeoutException:
                pytest.fail(f"a request hung for over {ANSWER_BOUND_S} s instead of being answered")
            except httpx.TransportError as exc:
                self.errors.append(type(exc).__name__)
            assert time.monotonic() - start < give_up_after, f"{body!r} never stored: {self.errors[-5:]}"
            time.sleep(0.1)  # retry pace of a client, not a wait for a condition

    def burst(self, prefix: str, n: int) -> None:
        for i in range(n):
            self.send(f"{prefix} {i}")


@pytest.fixture(scope="module")
def pair(chaos_stack):
    from api_support import bearer

    engine = sa.create_engine(chaos_stack.db_url, pool_pre_ping=True)  # the test's own connections outlive the outages too
    with Session(engine) as s:
        ada, ben = make_user(s, complete=True), make_user(s, complete=True, first_name="Ben")
        relations.do_make_collaborators(session=s, a=ada.id, b=ben.id, now=utcnow())
        s.commit()
        token = bearer(s, ada)["Authorization"].split(" ", 1)[1]
        ids = (ada.id, ben.id)
    yield engine, token, ids
    engine.dispose()


def assert_each_stored_once_with_its_notification(engine, sent: list[str]) -> None:
    with Session(engine) as s:
        rows = s.exec(select(Message.id, Message.body).where(Message.body.in_(sent))).all()
        assert sorted(body for _, body in rows) == sorted(sent), "a message was lost or stored twice"
        notified = s.exec(select(sa.func.count()).select_from(Notification).where(
            Notification.kind == "message", Notification.subject_id.in_([i for i, _ in rows]))).one()
        assert notified == len(sent), "a message was stored without its notification (or notified twice)"


def test_postgres_stopped_for_10_seconds_under_traffic(chaos_stack, pair):
    engine, token, (ada, ben) = pair
    sender = Sender(chaos_stack.api_url, token, ben)
    sender.burst("before pg", 10)
    chaos_stack.postgres.stop()
    down_until = time.monotonic() + 10
    errors_before = len(sender.errors)
    while time.monotonic() < down_until:  # the client keeps trying: each attempt is answered, none stored
        try:
            r = sender.client.post(f"/api/v1/conversations/{ben}/messages", json={"body": "during pg"},
                                   headers={"Idempotency-Key": str(uuid.uuid4())})
            assert r.status_code >= 500
            sender.errors.append(str(r.status_code))
        except httpx.TimeoutException:
            pytest.fail("a request hung while PostgreSQL was down")
        time.sleep(0.2)
    assert len(sender.errors) > errors_before
    chaos_stack.postgres.start()
    recovered = sender.send("after pg")
    print(f"\nPostgreSQL back -> first send stored in {recovered:.2f} s")
    assert recovered <= RECOVERY_BOUND_S
    sender.burst("after pg, more", 10)
    assert_each_stored_once_with_its_notification(engine, sender.sent)
    with Session(engine) as s:
        assert s.exec(select(sa.func.count()).select_from(Message).where(Message.body == "during pg")).one() == 0


def test_redis_restarted_empty_under_traffic(chaos_stack, pair):
    engine, token, (ada, ben) = pair
    sender = Sender(chaos_stack.api_url, token, ben)
    sender.burst("before redis", 10)
    chaos_stack.redis.restart_empty()
    recovered = sender.send("after redis")
    print(f"\nRedis restarted empty -> next send stored in {recovered:.2f} s")
    assert recovered <= RECOVERY_BOUND_S
    sender.burst("after redis, more", 10)
    assert_each_stored_once_with_its_notification(engine, sender.sent)
    # Each worker noticed the outage and repaired its live-update subscriptions (platform.redis_watch).
    deadline = time.monotonic() + 15
    while not all("Redis is back without its data" in chaos_stack.log(w) for w in ("a", "b")):
        assert time.monotonic() < deadline, f"a worker never recovered its Redis subscriptions:\n{chaos_stack.log('a')[-3000:]}"
        time.sleep(0.2)


def test_a_worker_killed_during_a_message_burst(chaos_stack, pair):
    engine, token, (ada, ben) = pair
    sender = Sender(chaos_stack.api_url, token, ben)
    sender.burst("burst", 30)
    chaos_stack.kill_worker("a")
    killed_at = time.monotonic()
    took = [sender.send(f"burst {i}") for i in range(30, 90)]  # nginx sends everything to b now
    print(f"\nworker SIGKILLed -> slowest send {max(took):.2f} s, client saw {len(sender.errors)} errors")
    assert max(took) <= RECOVERY_BOUND_S
    assert sender.last_ok - killed_at < 60
    assert_each_stored_once_with_its_notification(engine, sender.sent)
    # The worker comes back and takes its share again.
    wait_until_up(chaos_stack.start_worker("a"))
    sender.burst("after restart", 10)
    assert_each_stored_once_with_its_notification(engine, sender.sent)
