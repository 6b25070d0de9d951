"""Browser tests: Playwright driving Debian's Chromium against the app served by `reflex run`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from apprunner import base_env, build_port, start_single_port
from playwright.sync_api import expect
from support import CLOCK_SHIFT_DAYS, free_port, require
from turn_support import TURN_SECRET

from engnest.migrations import upgrade
from engnest.platform.db import make_engine

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Assertions wait up to 30 s: CI machines are shared and may be loaded (a save took over 15 s at load 12 on 2 cores).
expect.set_options(timeout=30_000)

LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


def chromium_env() -> dict[str, str] | None:
    """Under TEST_CLOCK_SHIFT_DAYS the browser's clock moves too (libfaketime works for Chromium, unlike for
    CPython: see tests/clockshift); without libfaketime it keeps the real date."""
    if not CLOCK_SHIFT_DAYS or not LIBFAKETIME.exists():
        return None
    return {**os.environ, "LD_PRELOAD": str(LIBFAKETIME), "FAKETIME": f"+{CLOCK_SHIFT_DAYS:g}d"}


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="package")
def live_app(tmp_path_factory):
    """The app on a free port with its own SQLite database (migrated, empty)."""
    data_dir = tmp_path_factory.mktemp("e2e-data")
    db_url = f"sqlite:///{data_dir / 'engnest.db'}"
    upgrade(db_url)
    port = build_port()  # a rerun with unchanged sources reuses the last build
    turn_port = free_port()  # calls get TURN credentials for it; the relay test starts coturn there (tests/e2e/test_calls.py)
    env = base_env(
        data_dir,
        DATABASE_URL=db_url,
        PUBLIC_URL=f"http://localhost:{port}",
        LOGIN_LIMIT_PER_CLIENT="10000/minute",
        LOGIN_LIMIT_PER_ACCOUNT="10000/minute",
        SIGNUP_LIMIT_PER_CLIENT="10000/minute",
        TURN_URLS=f"turn:127.0.0.1:{turn_port}?transport=udp",
        TURN_SECRET=TURN_SECRET,
    )
    app = start_single_port(port, env, data_dir / "app.log")
    app.db_url = db_url
    app.turn_port = turn_port
    app.outbox = data_dir / "outbox"  # no SMTP_HOST: the app writes every email here as an .eml file
    yield app
    app.stop()
    if os.environ.get("E2E_KEEP_LOG"):
        shutil.copy(data_dir / "app.log", Path("/tmp/engnest-e2e-app.log"))


@pytest.fixture(scope="package")
def app_engine(live_app):
    """Direct access to the running app's database (for arranging data and checking results)."""
    engine = make_engine(live_app.db_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="package")
def chromium_type():
    require(Path(CHROMIUM).exists(), f"Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw.chromium


@pytest.fixture(scope="module")
def browser(chromium_type):
    """A fresh Chromium for each test module (about half a second): in CI's long run in one browser, a page once
    stopped painting while its scripts still answered (a click waited 45 s for "stable", a screenshot for a
    frame); no module inherits another's browser state."""
    b = chromium_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, env=chromium_env())
    yield b
    b.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


FAILURE_DIR = Path(os.environ.get("E2E_FAILURE_DIR", "/tmp/engnest-e2e-failures"))


def _frame_probe(pg) -> str:
    """Whether the page's main thread answers and whether it still paints: a click waits for animation frames
    ("stable") and a screenshot for one, so a page that answers but paints no frame hangs both."""
    states = []
    for what, polling in (("main thread answers", 100), ("animation frames run", "raf")):
        try:
            pg.wait_for_function("() => true", polling=polling, timeout=3000)
            states.append(f"{what}: yes")
        except Exception as exc:  # noqa: BLE001 - a hung or crashed renderer
            states.append(f"{what}: NO ({str(exc).splitlines()[0][:80]})")
    return "; ".join(states)


def _record_failure(request, pages, app) -> None:
    """On a failed test: the URL, errors and frame state of every page, a screenshot, and the app's log tail."""
    FAILURE_DIR.mkdir(parents=True, exist_ok=True)
    name = request.node.name.replace("/", "_")[:120]
    for i, pg in enumerate(pages):
        try:
            probe = _frame_probe(pg)
            print(f"[e2e] page {i} at {pg.url}; page errors: {getattr(pg, 'errors', [])}; {probe}")
            if "NO" in probe:  # a page in the background paints no frame under new headless: does the front help?
                pg.bring_to_front()
                print(f"[e2e] page {i} after bring_to_front: {_frame_probe(pg)}")
            print(f"[e2e] page {i} console errors (last 10): {getattr(pg, 'console_errors', [])[-10:]}")
            pg.screenshot(path=str(FAILURE_DIR / f"{name}-{i}.png"), full_page=True, timeout=10_000)
        except Exception as exc:  # noqa: BLE001 - the page may be gone
            print(f"[e2e] page {i}: no screenshot ({str(exc).splitlines()[0]})")
    print(f"[e2e] app log tail:\n{app.log_tail(40)}")


@pytest.fixture
def new_page(browser, live_app, request):
    """Open pages in fresh browser contexts (separate cookies), optionally in a given timezone."""
    contexts = []
    pages = []

    def _open(timezone_id: str = "Europe/London", locale: str = "en-GB"):
        ctx = browser.new_context(timezone_id=timezone_id, locale=locale, base_url=live_app.url, viewport={"width": 1280, "height": 900})
        ctx.set_default_timeout(45_000)
        contexts.append(ctx)
        page = ctx.new_page()
        page.errors = []
        page.outbox = live_app.outbox  # e2e.flows.emailed_link reads the app's emails here
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.console_errors = []  # reported on failure only: tile and favicon loads fail offline and say so here
        page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text[:300]))
        pages.append(page)
        return page

    yield _open
    reports = [getattr(request.node, f"rep_{phase}", None) for phase in ("setup", "call")]
    if any(rep is not None and rep.failed for rep in reports):
        _record_failure(request, pages, live_app)
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(new_page):
    return new_page()


