"""A message sent just as the connection drops (issue 16, item 10): the page resends it with the same key once it
is connected again, shows its state (sending, then sent), and the message is stored and shown exactly once,
whether the request was lost on the way or only the server's answer was."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect
from reflex.utils.format import format_event_handler

from e2e.lossy_link import LossyLink
from e2e.test_messages import pair, stored, thread_ready, write  # noqa: F401  (pair is a fixture)
from engnest.messaging.pages.composer_state import ComposerState

SEND = format_event_handler(ComposerState.send)


def wait_stored(engine, body: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not stored(engine, body):
        assert time.monotonic() < deadline, f"{body!r} was never stored"
        time.sleep(0.05)


@pytest.mark.parametrize("lost", ["request", "answer"])
def test_a_message_caught_by_a_dropped_connection_is_resent_once_after_reconnecting(pair, app_engine, lost):  # noqa: F811
    ada, ben, ada_id, ben_id = pair
    link = LossyLink(ada, SEND)
    ada.goto(f"/messages/{ben_id}")
    thread_ready(ada)
    ben.goto(f"/messages/{ada_id}")
    thread_ready(ben)

    body = f"through the tunnel ({lost} lost)"  # the app's database is shared by the tests of this package
    link.lose(lost)
    write(ada, body)
    state = ada.locator("[data-testid=send-state]")
    if lost == "request":
        link.wait_swallowed()
        assert stored(app_engine, body) == []
    else:
        wait_stored(app_engine, body)  # stored, but the page never hears so
    link.cut()
    expect(state).to_have_text("Sending…")
    expect(ada.locator("[data-testid=message-input]")).to_have_value(body)

    link.restore()  # connected again: the page resends it with the same key, by itself
    theirs = ben.locator("[data-testid=message-theirs] [data-testid=message-text]")
    expect(theirs).to_have_text([body], timeout=30_000)
    mine = ada.locator("[data-testid=message-mine] [data-testid=message-text]")
    expect(mine).to_have_text([body])
    expect(state).to_have_text("Sent")
    expect(ada.locator("[data-testid=message-input]")).to_have_value("")

    write(ada, "and the next one")  # a late duplicate of the resent one would arrive before this
    expect(theirs).to_have_text([body, "and the next one"])
    expect(mine).to_have_text([body, "and the next one"])
    assert len(stored(app_engine, body)) == 1
    assert ada.errors == []
