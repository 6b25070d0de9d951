"""What clients can write into the server log (issue 9, item 14): frontend error reports and malformed
events are bounded, escaped (no forged lines) and collapsed (one traceback per kind, then one line each,
then silence until the window ends). The running app is covered by tests/e2e/test_log_flood.py."""

from __future__ import annotations

import logging
from collections import OrderedDict

import pytest
from reflex.state import FrontendEventExceptionState

import engnest.engnest  # noqa: F401  (the app: its exception handlers and the installed guard)
from engnest.engnest import backend_error, frontend_error
from engnest.platform import log_guard
from state.harness import Tab

FORGED = "\n2026-11-21 12:00:00 INFO engnest: admin@engnest.dev signed in"


@pytest.fixture
def guard(monkeypatch):
    """The app's installed guard, with a clean memory and a clock the test moves."""
    now = [1000.0]
    installed = log_guard._guard
    assert all(installed in logging.getLogger(name).filters for name in log_guard.GUARDED_LOGGERS)
    monkeypatch.setattr(installed, "_seen", OrderedDict())
    monkeypatch.setattr(installed, "clock", lambda: now[0])
    yield now


def lines(caplog) -> list[str]:
    return [line for r in caplog.records for line in caplog.handler.format(r).splitlines()]


def test_a_frontend_report_is_one_bounded_line_without_forged_lines(caplog, guard):
    caplog.set_level(logging.INFO)
    frontend_error(Exception("boom" + FORGED + "x" * 100_000))
    [record] = caplog.records
    message = record.getMessage()
    assert "\n" not in message and "\\n2026-11-21" in message
    assert len(message) < 2 * log_guard.MAX_CHARS
    assert not any(line.startswith("2026-11-21") for line in lines(caplog))


async def test_the_frontend_exception_event_any_client_can_send_goes_through_the_guard(caplog, guard):
    caplog.set_level(logging.INFO)
    tab = Tab(path="/")  # anonymous: no session at all
    for _ in range(50):
        await tab.call(FrontendEventExceptionState, "handle_frontend_exception", "Error: x" + FORGED + "y" * 50_000, "")
    assert len(caplog.records) == 1 + log_guard.REPEATS_SHOWN
    assert all("\n" not in r.getMessage() for r in caplog.records)
    assert sum(len(r.getMessage()) for r in caplog.records) < 20_000  # it was 2.5 MB


def _handler_error(payload: str) -> Exception:
    try:
        raise TypeError(f"unexpected keyword argument {payload!s}")
    except TypeError as exc:
        return exc


def test_repeated_handler_errors_log_one_traceback_then_one_line_each_then_nothing(caplog, guard):
    caplog.set_level(logging.INFO)
    for i in range(200):
        backend_error(_handler_error(f"x{i}" + FORGED))
    records = caplog.records
    assert len(records) == 1 + log_guard.REPEATS_SHOWN
    first = records[0].getMessage()
    assert "Traceback (most recent call last)" in first and "_handler_error" in first
    assert first.splitlines()[-1].startswith("TypeError: unexpected keyword argument x0\\n2026-11-21")
    assert all("\n" not in r.getMessage() and "Traceback" not in r.getMessage() for r in records[1:])
    assert records[0].exc_info is None  # the handler cannot print the raw exception message after us
    assert not any(line.startswith("2026-11-21") for line in lines(caplog))


def test_after_the_window_the_next_one_logs_again_and_says_how_many_were_dropped(caplog, guard):
    caplog.set_level(logging.INFO)
    for _ in range(30):
        backend_error(_handler_error("same"))
    guard[0] += log_guard.WINDOW_SECONDS + 1
    backend_error(_handler_error("same"))
    last = caplog.records[-1].getMessage()
    assert "Traceback" in last and f"{30 - 1 - log_guard.REPEATS_SHOWN} more like this were not logged" in last


def test_reflex_and_socket_loggers_that_echo_client_data_are_guarded(caplog, guard):
    caplog.set_level(logging.INFO)
    event_log = logging.getLogger("reflex_base.event.processor.event_processor")
    for i in range(100):
        try:
            raise KeyError(f"No registered handler found for event: nope{i}{FORGED}")
        except KeyError:
            event_log.exception(f"Error processing event queue entry for Event(name='nope{i}{FORGED}')")
    logging.getLogger("reflex.app").warning("Received event data as a string. Event data: " + FORGED * 1000)
    assert len(caplog.records) == 1 + log_guard.REPEATS_SHOWN + 1
    assert not any(line.startswith("2026-11-21") for line in lines(caplog))
    assert sum(len(r.getMessage()) for r in caplog.records) < 20_000


def test_printable_escapes_controls_and_bidi_and_keeps_other_text():
    assert log_guard.printable("a\nb\rc\x1b[31m\u202ed é 日本") == "a\\nb\\rc\\x1b[31m\\u202ed é 日本"
    assert log_guard.printable("z" * 600, limit=10).startswith("z" * 10 + "… (600 characters")
