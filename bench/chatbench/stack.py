"""Start what the chat benchmark measures: a migrated database with N users in collaborator pairs
(each with a live login session), the app's backend workers, and the bare relay baseline."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Account:
    id: int
    token: str  # the HttpOnly session cookie value
    peer: int


def seed_accounts(db_url: str, count: int) -> list[Account]:
    """`count` users (even count) in pairs of collaborators, each signed in once."""
    from engnest import features
    from engnest.accounts.services import accounts, passwords, sessions
    from engnest.network.services import relations
    from engnest.platform.db import make_engine, unit_of_work
    from engnest.profiles.models import Profile

    features.load_services()  # sign-up makes the profile row, as in the app
    now = dt.datetime.now(dt.timezone.utc)
    engine = make_engine(db_url)
    password_hash = passwords.hash_password("bench-password-not-used-1")
    out: list[Account] = []
    with unit_of_work(engine) as s:  # commits the activated sessions at the end (session_scope commits nothing)
        ids = []
        for i in range(count):
            user = accounts.do_create_user(
                session=s, email=f"bench{i}-{uuid.uuid4().hex[:6]}@example.com", password_hash=password_hash,
                birth_date=dt.date(1990, 1, 1), timezone="Europe/London", now=now, email_verified_at=now,
            )
            profile = s.get(Profile, user.id)
            profile.first_name, profile.last_name = "Bench", f"User{i}"
            s.add(profile)
            ids.append(user.id)
        s.commit()
        for a, b in zip(ids[0::2], ids[1::2]):
            relations.do_make_collaborators(session=s, a=a, b=b, now=now)
        s.commit()
        from engnest.accounts.models import User

        for i, uid in enumerate(ids):
            browser = sessions.new_browser_secret()
            code = sessions.do_start_session(session=s, user=s.get(User, uid), binding=sessions.binding_of(browser), now=now)
            token = sessions.do_activate_session(session=s, code=code, browser_secret=browser, now=now)
            out.append(Account(uid, token, ids[i + 1] if i % 2 == 0 else ids[i - 1]))
    engine.dispose()
    return out


@contextlib.contextmanager
def postgres_database():
    import sqlalchemy as sa

    name = f"engnest_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def drop_redis_prefix(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


@dataclass
class Process:
    name: str
    url: str
    process: subprocess.Popen
    log: Path
    sql_dir: Path | None = None

    def sql_counts(self) -> tuple[int, int]:
        """(SQL statements, commits) run so far by this server's processes (bench/chatbench/sqlcount)."""
        statements = commits = 0
        for path in self.sql_dir.iterdir() if self.sql_dir else ():
            data = path.read_bytes()
            if len(data) == 16:
                statements += int.from_bytes(data[:8], "little", signed=True)
                commits += int.from_bytes(data[8:], "little", signed=True)
        return statements, commits

    def cpu_seconds(self) -> float:
        """CPU time used so far by this process and everything it started (its process group)."""
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.process.pid:  # process group id
                total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)


def _env(work: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "API_URL")}
    env.update(
        ENGNEST_ENV="test", ENGNEST_DATA_DIR=str(work), REFLEX_TELEMETRY_ENABLED="false", REFLEX_USE_SYSTEM_BUN="1",
        PATH=f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{BIN}:{os.environ.get('PATH', '')}",
        DM_RATE_LIMIT="100000/minute",  # the benchmark measures delivery, not the per-person limit
        GRANIAN_WORKERS="1", **extra,
    )
    return env


def _wait(proc: Process, path: str, timeout: float = 180) -> Process:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.process.poll() is not None:
            raise RuntimeError(f"{proc.name} exited:\n{proc.log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(proc.url + path, timeout=2).status_code < 500:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{proc.name} did not start:\n{proc.log.read_text(errors='replace')[-3000:]}")


def start_backend(name: str, work: Path, **env: str) -> Process:
    port = free_port()
    log = work / f"{name}.log"
    sql_dir = work / f"sql-{name}"
    sql_dir.mkdir(exist_ok=True)
    counting = {"ENGNEST_BENCH_SQL_DIR": str(sql_dir),
                "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent / "sqlcount"), os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen(
        [str(BIN / "reflex"), "run", "--env", "prod", "--backend-only", "--backend-port", str(port), "--loglevel", "warning"],
        # The clients connect with this worker as their Origin: it is the worker's public URL.
        cwd=ROOT, env=_env(work, **{"PUBLIC_URL": f"http://localhost:{port}", **counting, **env}), stdout=open(log, "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT, start_new_session=True,
    )
    return _wait(Process(name, f"http://localhost:{port}", process, log, sql_dir), "/ping")


def start_relay(work: Path) -> Process:
    port = free_port()
    log = work / "relay.log"
    process = subprocess.Popen(
        [str(BIN / "granian"), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
         "--working-dir", str(ROOT / "bench"), "chatbench.relay_app:app"],
        cwd=ROOT, env=_env(work), stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True,  # noqa: SIM115
    )
    return _wait(Process("relay", f"http://localhost:{port}", process, log), "/_event/?EIO=4&transport=polling")


def start_minimal(work: Path) -> Process:
    """bench/minimal (the framework's floor) on the same server and settings as the app's single process."""
    port = free_port()
    log = work / "minimal.log"
    process = subprocess.Popen(
        [str(BIN / "reflex"), "run", "--env", "prod", "--backend-only", "--backend-port", str(port), "--loglevel", "warning"],
        cwd=ROOT / "bench" / "minimal", env=_env(work), stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True,  # noqa: SIM115
    )
    return _wait(Process("minimal", f"http://localhost:{port}", process, log), "/ping")
