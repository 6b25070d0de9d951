"""The deployment in miniature, every server the tier's own: a PostgreSQL cluster and a Redis on spare ports, two
backend workers (`reflex run --env prod --backend-only`, one process each) and nginx in front with deploy/nginx/'s
files. A client talks to it only through nginx, over the REST API (sends carry an Idempotency-Key, as the page's
composer does), so a fault's effect is what a user would get."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa
from apprunner import REFLEX, ROOT, RunningApp, base_env
from support import free_port

from chaos.services import Nginx, OwnPostgres, OwnRedis

LOCK_TTL_S = 3  # the scheduler leader lock: a killed leader is replaced within this


@dataclass
class Stack:
    api_url: str
    db_url: str
    postgres: OwnPostgres
    redis: OwnRedis
    nginx: Nginx
    env: dict[str, str]
    work: Path
    ports: dict[str, int]
    workers: dict[str, RunningApp] = field(default_factory=dict)

    def start_worker(self, name: str) -> RunningApp:
        log = open(self.work / f"worker-{name}.log", "a")  # noqa: SIM115 - kept open for the process lifetime
        process = subprocess.Popen(
            [REFLEX, "run", "--env", "prod", "--backend-only", "--backend-port", str(self.ports[name]), "--loglevel", "info"],
            cwd=ROOT, env={**self.env, "GRANIAN_WORKERS": "1", "ENGNEST_WORKER_NAME": name},
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.workers[name] = RunningApp(url=f"http://127.0.0.1:{self.ports[name]}", process=process, log_path=self.work / f"worker-{name}.log")
        return self.workers[name]

    def kill_worker(self, name: str) -> None:
        """SIGKILL to the worker's whole process group: no shutdown, no clean-up."""
        worker = self.workers[name]
        os.killpg(worker.process.pid, signal.SIGKILL)
        worker.process.wait(20)

    def log(self, name: str) -> str:
        return self.workers[name].log_path.read_text(errors="replace")


def wait_until_up(worker: RunningApp, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            raise RuntimeError(f"worker exited:\n{worker.log_tail()}")
        try:
            if httpx.get(f"{worker.url}/ping", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"worker did not start:\n{worker.log_tail()}")


def start_stack(work: Path) -> Stack:
    from engnest.migrations import upgrade

    postgres = OwnPostgres()
    postgres.init()
    postgres.start()
    admin = sa.create_engine(postgres.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql('CREATE DATABASE "engnest"')
    admin.dispose()
    db_url = postgres.url.rsplit("/", 1)[0] + "/engnest"
    upgrade(db_url)
    (work / "redis").mkdir()
    redis = OwnRedis(work / "redis")
    redis.start()
    ports = {"a": free_port(), "b": free_port()}
    api_port, static_port = free_port(), free_port()
    static = work / "static"
    static.mkdir()
    (static / "index.html").write_text("<!doctype html><title>EngNest</title>")
    nginx = Nginx(work / "nginx", api_port, static_port, static, list(ports.values()))
    nginx.start()
    env = base_env(
        work,
        DATABASE_URL=db_url,
        REDIS_URL=redis.url,
        REDIS_PREFIX=f"chaos-{uuid.uuid4().hex[:8]}",
        API_URL=f"http://127.0.0.1:{api_port}",
        PUBLIC_URL=f"http://127.0.0.1:{static_port}",
        DM_RATE_LIMIT="100000/minute",
        SCHEDULER_LOCK_TTL_SECONDS=str(LOCK_TTL_S),  # each worker's embedded scheduler; one leads (Redis lock)
        SCHEDULER_POLL_SECONDS="1",
    )
    stack = Stack(f"http://127.0.0.1:{api_port}", db_url, postgres, redis, nginx, env, work, ports)
    for name in ports:
        stack.start_worker(name)
    for worker in stack.workers.values():
        wait_until_up(worker)
    return stack


def stop_stack(stack: Stack) -> None:
    for worker in stack.workers.values():
        worker.stop()
    stack.nginx.stop()
    stack.redis.kill()
    stack.postgres.remove()
