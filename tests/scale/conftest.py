"""Scale-out tier: the documented deployment in miniature.

* PostgreSQL (a throwaway database) and Redis (Reflex state manager, token registry, tab directory,
  rate limits; a unique key prefix per run),
* two backend workers (`reflex run --env prod --backend-only`, one process each),
* the frontend exported with `reflex export` and served as static files,
* a switchable loopback TCP balancer in front of the workers, so a test can put one browser on
  worker A and another on worker B.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import sqlalchemy as sa
from apprunner import REFLEX, ROOT, RunningApp, base_env
from support import PG_ADMIN_URL, free_port, port_open, require

from engnest.migrations import upgrade
from scale.balancer import Balancer
from scale.static_server import StaticServer

SCALE_REDIS_DB = os.environ.get("SCALE_REDIS_DB", "1")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/scale/" in str(item.fspath):
            item.add_marker(pytest.mark.scale)


@dataclass
class Stack:
    frontend_url: str
    api_url: str
    db_url: str
    redis_url: str
    redis_prefix: str
    balancer: Balancer
    workers: dict[str, RunningApp] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        return {"DATABASE_URL": self.db_url, "REDIS_URL": self.redis_url, "REDIS_PREFIX": self.redis_prefix}


def _export_frontend(env: dict[str, str], dest: Path, log_path: Path) -> None:
    with open(log_path, "w") as log:
        result = subprocess.run(
            [REFLEX, "export", "--frontend-only", "--no-zip", "--env", "prod", "--loglevel", "info"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=600,
        )
    if result.returncode != 0:
        raise RuntimeError(f"reflex export failed:\n{log_path.read_text()[-3000:]}")
    shutil.copytree(ROOT / ".web" / "build" / "client", dest)


def _start_worker(name: str, port: int, env: dict[str, str], log_path: Path) -> RunningApp:
    log = open(log_path, "w")  # noqa: SIM115 - kept open for the process lifetime
    process = subprocess.Popen(
        [REFLEX, "run", "--env", "prod", "--backend-only", "--backend-port", str(port), "--loglevel", "info"],
        cwd=ROOT, env={**env, "GRANIAN_WORKERS": "1", "ENGNEST_WORKER_NAME": name},
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    app = RunningApp(url=f"http://localhost:{port}", process=process, log_path=log_path)
    return app


@pytest.fixture(scope="package")
def scale_stack(tmp_path_factory):
    require(port_open("127.0.0.1", 5432), "PostgreSQL at 127.0.0.1:5432")
    require(port_open("127.0.0.1", 6379), "Redis at 127.0.0.1:6379")
    work = tmp_path_factory.mktemp("scale")
    name = f"engnest_scale_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    db_url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade(db_url)

    api_port, static_port = free_port(), free_port()
    worker_ports = {"a": free_port(), "b": free_port()}
    prefix = f"scale-{uuid.uuid4().hex[:8]}"
    env = base_env(
        work,
        DATABASE_URL=db_url,
        REDIS_URL=f"redis://127.0.0.1:6379/{SCALE_REDIS_DB}",
        REDIS_PREFIX=prefix,
        API_URL=f"http://localhost:{api_port}",
        PUBLIC_URL=f"http://localhost:{static_port}",
        LOGIN_LIMIT_PER_CLIENT="10000/minute",
        LOGIN_LIMIT_PER_ACCOUNT="10000/minute",
        SIGNUP_LIMIT_PER_CLIENT="10000/minute",
    )
    _export_frontend(env, work / "static", work / "export.log")
    static = StaticServer(work / "static", static_port).start()
    balancer = Balancer(api_port, worker_ports).start()
    stack = Stack(
        frontend_url=f"http://localhost:{static_port}", api_url=f"http://localhost:{api_port}", db_url=db_url,
        redis_url=env["REDIS_URL"], redis_prefix=prefix, balancer=balancer,
    )
    stack.outbox = work / "outbox"  # the workers' emails (no SMTP_HOST), read by e2e.flows.emailed_link
    try:
        for wname, port in worker_ports.items():
            stack.workers[wname] = _start_worker(wname, port, env, work / f"worker-{wname}.log")
        for worker in stack.workers.values():
            wait_until_up_backend(worker)
        yield stack
    finally:
        for worker in stack.workers.values():
            worker.stop()
        balancer.stop()
        static.stop()
        _drop_redis_keys(env["REDIS_URL"], prefix)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def wait_until_up_backend(worker: RunningApp) -> None:
    """Backend-only workers answer /ping (no page at /)."""
    import time

    import httpx

    deadline = time.time() + 120
    while time.time() < deadline:
        if worker.process.poll() is not None:
            raise RuntimeError(f"worker exited:\n{worker.log_tail()}")
        try:
            if httpx.get(f"{worker.url}/ping", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"worker did not start:\n{worker.log_tail()}")


def _drop_redis_keys(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


@pytest.fixture(scope="package")
def scale_browser():
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    require(Path(chromium).exists(), f"Chromium at {chromium}")
    from e2e.conftest import CHROMIUM_ARGS, chromium_env
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True, env=chromium_env())
        yield b
        b.close()


@pytest.fixture
def scale_page(scale_browser, scale_stack):
    """Open a page in a fresh browser context whose connections go to worker `worker`."""
    contexts = []

    def _open(worker: str, timezone_id: str = "Europe/London"):
        scale_stack.balancer.route_to(worker)
        ctx = scale_browser.new_context(timezone_id=timezone_id, base_url=scale_stack.frontend_url)
        ctx.set_default_timeout(45_000)
        contexts.append(ctx)
        page = ctx.new_page()
        page.outbox = scale_stack.outbox
        return page

    yield _open
    for ctx in contexts:
        ctx.close()


