"""Start the real app (production build, single port) as a subprocess for browser and scale tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
REFLEX = str(Path(sys.executable).parent / "reflex")


def base_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "API_URL", "PYTEST_CURRENT_TEST")}
    env.update(
        {
            "ENGNEST_ENV": "test",
            "ENGNEST_DATA_DIR": str(data_dir),
            "BCRYPT_ROUNDS": "4",
            "REFLEX_TELEMETRY_ENABLED": "false",
            "REFLEX_USE_SYSTEM_BUN": "1",
            "REFLEX_UPLOADED_FILES_DIR": str(data_dir / "uploads" / "incoming"),
            "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
        }
    )
    env.update(extra)
    return env


@dataclass
class RunningApp:
    url: str
    process: subprocess.Popen
    log_path: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def wait_until_up(url: str, process: subprocess.Popen, log_path: Path, timeout: float = 420) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app exited with {process.returncode}:\n{log_path.read_text(errors='replace')[-4000:]}")
        try:
            if httpx.get(f"{url}/ping", timeout=2).status_code == 200 and httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"app did not come up at {url}:\n{log_path.read_text(errors='replace')[-4000:]}")


def build_port() -> int:
    """The port the browser tier serves on. The production bundle has the backend's URL (its port) baked in, so a
    build can be reused only on the port it was built for: each worktree has its own fixed port, and a free port
    (and so a fresh build) when that one is taken."""
    port = 41000 + zlib.crc32(str(ROOT).encode()) % 2000
    with socket.socket() as s:
        # As the server binds it: connections of the last run in TIME_WAIT do not make the port taken.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    return port


def start_single_port(port: int, env: dict[str, str], log_path: Path) -> RunningApp:
    """`reflex run --env prod --single-port` through tools/run_app.py (what `make run` uses): builds the frontend
    unless the last build in .web has the same inputs (sources, assets, settings baked in, port), then serves
    both on `port`."""
    log = open(log_path, "w")  # noqa: SIM115 - kept open for the process lifetime
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tools" / "run_app.py"), "--port", str(port), "--loglevel", "info"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://localhost:{port}"
    app = RunningApp(url=url, process=process, log_path=log_path)
    try:
        wait_until_up(url, process, log_path)
    except Exception:
        app.stop()
        raise
    return app
