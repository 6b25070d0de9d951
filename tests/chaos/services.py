"""The chaos tier's own servers: a Redis it may kill and restart (never the shared one on 6379), on a spare
loopback port, with nothing persisted (a restart comes back empty, as after a crash without persistence)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from support import free_port, port_open


class OwnRedis:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed"
        self.process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir), "--logfile", str(self.workdir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while not port_open("127.0.0.1", self.port):
            assert self.process.poll() is None, (self.workdir / "redis.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: gone at once, its data with it."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def restart_empty(self) -> None:
        self.kill()
        self.start()


PG_BIN = Path("/usr/lib/postgresql")


def _pg_tool(name: str) -> str:
    found = sorted(PG_BIN.glob(f"*/bin/{name}"))
    return str(found[-1]) if found else (shutil.which(name) or name)


class OwnPostgres:
    """A throwaway PostgreSQL cluster (initdb) on a spare port, run as the `postgres` user when the tests run as
    root (PostgreSQL refuses root). `stop` / `start` are the outage; the data survives them. Its directory is its
    own under /tmp (the `postgres` user cannot enter pytest's private temporary directories)."""

    def __init__(self) -> None:
        import tempfile

        self.dir = Path(tempfile.mkdtemp(prefix="engnest-chaos-pg-"))
        self.dir.chmod(0o755)
        self.data = self.dir / "pgdata"
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        import os

        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert not check or done.returncode == 0, f"{args[0]} failed: {done.stdout}{done.stderr}"
        return done

    def init(self) -> None:
        import os

        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(_pg_tool("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run(_pg_tool("pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "pg.log"), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run(_pg_tool("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


DEPLOY = Path(__file__).resolve().parent.parent.parent / "deploy" / "nginx"


class Nginx:
    """nginx (Debian's package) in front of the workers, with deploy/nginx/'s files included unchanged: only the
    listen ports, the static root and the upstream's servers are this test's own."""

    def __init__(self, workdir: Path, api_port: int, static_port: int, static_root: Path, workers: list[int]) -> None:
        self.dir = workdir
        self.api_port, self.static_port = api_port, static_port
        self.static_root, self.workers = static_root, workers
        self.process: subprocess.Popen | None = None

    def config(self) -> str:
        servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in self.workers)
        import os

        user = "user root root;" if os.geteuid() == 0 else ""  # the test's files are private to whoever runs it
        return f"""
{user}
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
  access_log {self.dir}/access.log;
  client_body_temp_path {self.dir}/body; proxy_temp_path {self.dir}/proxy;
  fastcgi_temp_path {self.dir}/fastcgi; uwsgi_temp_path {self.dir}/uwsgi; scgi_temp_path {self.dir}/scgi;
  include {DEPLOY}/engnest-http.conf;
  upstream engnest_backends {{
{servers}
  }}
  server {{ listen 127.0.0.1:{self.static_port}; root {self.static_root}; include {DEPLOY}/engnest-frontend.conf; }}
  server {{ listen 127.0.0.1:{self.api_port}; include {DEPLOY}/engnest-backend.conf; }}
}}
"""

    def start(self) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        assert Path(binary).exists(), "nginx is not installed (apt-get install nginx)"
        self.dir.mkdir(parents=True, exist_ok=True)
        conf = self.dir / "nginx.conf"
        conf.write_text(self.config())
        check = subprocess.run([binary, "-t", "-p", str(self.dir), "-c", str(conf)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        self.process = subprocess.Popen([binary, "-p", str(self.dir), "-c", str(conf), "-g", "daemon off;"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 20
        while not port_open("127.0.0.1", self.api_port):
            assert self.process.poll() is None, (self.dir / "error.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)
