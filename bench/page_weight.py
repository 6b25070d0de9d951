"""Benchmark: page weight and time to interactive of EngNest's production build beside a blank Reflex app's.

    python bench/page_weight.py [--runs 5] [--chunks]

Both apps are built and served the way they are deployed (`reflex run --env prod --single-port`; EngNest through
tools/run_app.py, which reuses an unchanged build) in this run, on this machine:
* EngNest: the landing page `/`, and `/discover` after signing in through the sign-in form;
* the blank app (bench/blank: Reflex 0.10.1's blank template) at `/` and `/discover`.
Each load is a fresh browser context (cold HTTP cache) in Debian's Chromium. Measured per load:
* JS transferred: the bytes received for every script response (Chrome DevTools Protocol
  `Network.loadingFinished.encodedDataLength`: compressed as served, headers included), counted once the page is
  idle, so chunks a route loads lazily after hydration count too;
* time to interactive: from navigation start until React has hydrated a known element of the page (its props are
  attached to the DOM node, as tests/e2e/flows.py `ready` waits for) — the landing page's "Create your account"
  button, Discover's "Apply" filter button, the blank app's button;
* data (Discover only): until the results, or "no results", are on screen (the session check and the search done).
Printed: medians over the runs, the content encodings served, and the ratios EngNest / blank (issue 18 target:
<= 1.2x). Run it on a quiet machine: under a load of ~28 on 2 cores one run gave Discover 4.3 s against the blank
app's 1.8 s, the next run (load ~7) 0.81 s against 0.68 s, with the same builds. `--chunks` lists the scripts each page loaded with their sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("ENGNEST_ENV", "test")
os.environ.setdefault("ENGNEST_DATA_DIR", tempfile.mkdtemp(prefix="engnest-bench-"))
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
os.environ.setdefault("BCRYPT_ROUNDS", "4")
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")

from chatbench.stack import BIN, ROOT, Process, _env, _wait, free_port  # noqa: E402

CLIENT_DIR = Path(".web") / "build" / "client"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
EMAIL = "page-weight@example.com"
PASSWORD = "page-weight-password-1"
HYDRATED = """sel => { const el = document.querySelector(sel);
  return el && Object.keys(el).some(k => k.startsWith('__reactProps$')) ? performance.now() : false; }"""


@dataclass
class Load:
    js_bytes: int
    tti_ms: float
    encodings: set[str]
    gzip_bytes: int  # the same scripts' gzip sidecars in the build (bodies only): to compare apart from brotli
    scripts: dict[str, int] = field(default_factory=dict)
    data_ms: float = 0.0  # Discover: until the results (or "no results") are shown; 0 where not measured


def start_blank(work: Path) -> Process:
    port = free_port()
    log = work / "blank.log"
    process = subprocess.Popen(
        [str(BIN / "reflex"), "run", "--env", "prod", "--single-port", "--frontend-port", str(port), "--loglevel", "info"],
        cwd=ROOT / "bench" / "blank", env=_env(work), stdout=open(log, "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
        start_new_session=True,
    )
    return _wait(Process("blank", f"http://localhost:{port}", process, log), "/", timeout=900)


def start_engnest(work: Path, port: int, root: Path = ROOT, name: str = "engnest") -> Process:
    from engnest import features
    from engnest.accounts.services import accounts, passwords
    from engnest.migrations import upgrade
    from engnest.platform.db import make_engine, session_scope
    from engnest.profiles.models import Profile

    db_url = f"sqlite:///{work / (name + '.db')}"
    upgrade(db_url)
    features.load_services()  # sign-up makes the profile row, as in the app
    now = dt.datetime.now(dt.timezone.utc)
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        user = accounts.do_create_user(
            session=s, email=EMAIL, password_hash=passwords.hash_password(PASSWORD), birth_date=dt.date(1990, 1, 1),
            timezone="Europe/London", now=now, email_verified_at=now,
        )
        profile = s.get(Profile, user.id)
        profile.first_name, profile.last_name = "Page", "Weight"
        s.add(profile)
        s.commit()
    engine.dispose()
    log = work / f"{name}.log"
    env = _env(work, DATABASE_URL=db_url, PUBLIC_URL=f"http://localhost:{port}", PORT=str(port))
    process = subprocess.Popen(
        [sys.executable, "tools/run_app.py", "--port", str(port)], cwd=root, env=env, stdout=open(log, "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT, start_new_session=True,
    )
    return _wait(Process(name, f"http://localhost:{port}", process, log), "/ping", timeout=900)


SHOWN = "sel => document.querySelector(sel) ? performance.now() : false"
RESULTS = "[data-testid=result-count], [data-testid=no-results]"


def load(browser, base: str, client_dir: Path, path: str, selector: str, storage_state=None, data: str = "") -> Load:
    ctx = browser.new_context(base_url=base, storage_state=storage_state, viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        responses: dict[str, tuple[str, str, str]] = {}
        finished: dict[str, int] = {}
        cdp.on("Network.responseReceived", lambda e: responses.__setitem__(
            e["requestId"],
            (e["type"], e["response"]["url"], {k.lower(): v for k, v in e["response"]["headers"].items()}.get("content-encoding", "identity")),
        ))
        cdp.on("Network.loadingFinished", lambda e: finished.__setitem__(e["requestId"], int(e["encodedDataLength"])))
        page.goto(path, wait_until="commit")
        tti = page.wait_for_function(HYDRATED, arg=selector, polling="raf", timeout=120_000).json_value()
        data_ms = float(page.wait_for_function(SHOWN, arg=data, polling="raf", timeout=120_000).json_value()) if data else 0.0
        if not page.url.rstrip("/").endswith(path.rstrip("/")):
            raise RuntimeError(f"{base}{path} ended at {page.url}")
        page.wait_for_load_state("networkidle")
        loaded = {rid: (url, enc) for rid, (kind, url, enc) in responses.items() if kind == "Script" and rid in finished}
        scripts = {url.rsplit("/", 1)[-1]: finished[rid] for rid, (url, _) in loaded.items()}
        gzip_bytes = sum(_gzip_size(client_dir, url) for url, _ in loaded.values())
        return Load(sum(scripts.values()), float(tti), {enc for _, enc in loaded.values()}, gzip_bytes, scripts, data_ms)
    finally:
        ctx.close()


def _gzip_size(client_dir: Path, url: str) -> int:
    path = client_dir / urlsplit(url).path.lstrip("/")
    gz = path.with_name(path.name + ".gz")
    return gz.stat().st_size if gz.is_file() else len(gzip.compress(path.read_bytes(), 9))


def sign_in_state(browser, base: str):
    ctx = browser.new_context(base_url=base)
    page = ctx.new_page()
    page.goto("/signin")
    page.wait_for_function(HYDRATED, arg="[data-testid=signin-submit]", polling="raf", timeout=120_000)
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=signin-submit]")
    page.wait_for_url(lambda url: "/signin" not in url, timeout=60_000)
    state = ctx.storage_state()
    ctx.close()
    return state


def median(loads: list[Load], attr: str) -> float:
    return statistics.median(getattr(x, attr) for x in loads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="cold loads per page")
    parser.add_argument("--port", type=int, default=0, help="EngNest's port (a fixed one lets a rerun reuse its build)")
    parser.add_argument("--chunks", action="store_true", help="list each page's scripts")
    parser.add_argument("--before", type=Path, help="another checkout of EngNest (e.g. a worktree of main) measured "
                        "in the same run as 'before' (it needs .venv/.tools like this one; same database schema)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="engnest-page-weight-"))
    procs: list[Process] = []
    try:
        print("building and starting the blank Reflex app ...", flush=True)
        blank = start_blank(work)
        procs.append(blank)
        print("building (or reusing the build) and starting EngNest ...", flush=True)
        engnest = start_engnest(work, args.port or free_port())
        procs.append(engnest)
        before = None
        if args.before:
            print(f"building (or reusing the build) and starting EngNest from {args.before} ...", flush=True)
            before = start_engnest(work, free_port(), args.before.resolve(), "before")
            procs.append(before)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
            signed_in = sign_in_state(browser, engnest.url)
            blank_dir, engnest_dir = ROOT / "bench" / "blank" / CLIENT_DIR, ROOT / CLIENT_DIR
            cases = {
                ("landing", "blank"): lambda: load(browser, blank.url, blank_dir, "/", "#blank-ready"),
                ("landing", "engnest"): lambda: load(browser, engnest.url, engnest_dir, "/", "a[href='/signup'] button"),
                ("discover", "blank"): lambda: load(browser, blank.url, blank_dir, "/discover", "#blank-ready"),
                ("discover", "engnest"): lambda: load(
                    browser, engnest.url, engnest_dir, "/discover", "[data-testid=apply-filters]", signed_in, RESULTS,
                ),
            }
            if before:
                before_in, before_dir = sign_in_state(browser, before.url), args.before.resolve() / CLIENT_DIR
                cases[("landing", "before")] = lambda: load(browser, before.url, before_dir, "/", "a[href='/signup'] button")
                cases[("discover", "before")] = lambda: load(
                    browser, before.url, before_dir, "/discover", "[data-testid=apply-filters]", before_in, RESULTS,
                )
            results: dict[tuple[str, str], list[Load]] = {key: [] for key in cases}
            for run in cases.values():
                run()  # warm the server (first render, route compile caches); not counted
            for _ in range(args.runs):  # interleaved, so machine load hits both apps alike
                for key, run in cases.items():
                    results[key].append(run())
            browser.close()
    finally:
        for proc in procs:
            proc.stop()

    print(f"\npage weight, median of {args.runs} cold loads (Chromium, this machine)")
    print(f"  {'page':<10} {'app':<8} {'JS KiB':>8} {'gzip KiB':>9} {'scripts':>8} {'TTI ms':>8} {'data ms':>8}  served as")
    for (page_name, app), loads in results.items():
        encodings = ",".join(sorted(set().union(*(x.encodings for x in loads))))
        print(f"  {page_name:<10} {app:<8} {median(loads, 'js_bytes') / 1024:>8.1f} {median(loads, 'gzip_bytes') / 1024:>9.1f} "
              f"{len(loads[-1].scripts):>8} {median(loads, 'tti_ms'):>8.0f} {median(loads, 'data_ms'):>8.0f}  {encodings}")
    print("  (JS KiB: as transferred, headers included; gzip KiB: the same scripts gzipped, bodies only;")
    print("   data ms: Discover's results on screen, after the session check and the search)")
    print(f"\n  {'page':<10} {'JS ratio':>9} {'gzip ratio':>11} {'TTI ratio':>10}  (EngNest / blank; target <= 1.2)")
    for page_name in ("landing", "discover"):
        for app in ("before", "engnest"):
            if (page_name, app) not in results:
                continue
            e, b = results[(page_name, app)], results[(page_name, "blank")]
            print(f"  {page_name:<10} {median(e, 'js_bytes') / median(b, 'js_bytes'):>9.2f} "
                  f"{median(e, 'gzip_bytes') / median(b, 'gzip_bytes'):>11.2f} {median(e, 'tti_ms') / median(b, 'tti_ms'):>10.2f}  {app}")
    if args.chunks:
        for (page_name, app), loads in results.items():
            print(f"\n  scripts of {app} {page_name}:")
            for name, size in sorted(loads[-1].scripts.items(), key=lambda kv: -kv[1]):
                print(f"    {size / 1024:>7.1f} KiB  {name}")


if __name__ == "__main__":
    main()
