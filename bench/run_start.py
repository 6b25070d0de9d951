"""Benchmark: how long `make run` takes until the app answers, on a first start and on a restart, against the
recipe it replaced (migrate, seed, `reflex run --env prod`, which rebuilds the frontend every time).

    python bench/run_start.py [--port 3917]

Each case starts the command in its own process group with a fresh or kept data directory, waits until
`/ping` and `/` answer 200, then stops it. "first start": empty database (migrations and the demo seed run)
and no stored frontend build; "restart": the same data and build again, nothing changed. The frontend's
packages (.web/node_modules) are kept in every case: installing them is not what this measures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OLD = f"{BIN}/python -m engnest.migrations && {BIN}/python -m devdata.seed && {BIN}/reflex run --env prod --single-port --frontend-port {{port}}"
NEW = "make --no-print-directory run PORT={port}"


def _up(url: str) -> bool:
    try:
        return httpx.get(f"{url}/ping", timeout=2).status_code == 200 and httpx.get(url, timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def time_start(command: str, port: int, data_dir: Path, log: Path, timeout: float = 900) -> float:
    env = {
        **os.environ, "ENGNEST_DATA_DIR": str(data_dir), "PORT": str(port),
        # what the Makefile exports for every recipe (the old one ran under it too)
        "REFLEX_TELEMETRY_ENABLED": "false", "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_UPLOADED_FILES_DIR": str(data_dir / "uploads" / "incoming"),
        "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{BIN}:{os.environ.get('PATH', '')}",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    started = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.Popen(command.format(port=port), shell=True, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            while not _up(f"http://localhost:{port}"):
                if proc.poll() is not None:
                    raise RuntimeError(f"{command} exited with {proc.returncode}; see {log}")
                if time.monotonic() - started > timeout:
                    raise RuntimeError(f"{command} did not come up; see {log}")
                time.sleep(0.5)
            return time.monotonic() - started
        finally:
            _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=3917)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="run-start-"))
    if not (ROOT / ".web" / "node_modules").is_dir():  # install the frontend's packages once, untimed
        print(f"warm-up (installs .web/node_modules): {time_start(OLD, args.port, work / 'warm', work / 'warm.log'):.1f} s", flush=True)
    results = []
    for name, command in (("before (reflex run)", OLD), ("after (make run)", NEW)):
        data = work / name.split()[0]
        shutil.rmtree(ROOT / ".web" / "build", ignore_errors=True)
        first = time_start(command, args.port, data, work / f"{name.split()[0]}-first.log")
        restart = time_start(command, args.port, data, work / f"{name.split()[0]}-restart.log")
        results.append((name, first, restart))
        print(f"{name:22} first start {first:6.1f} s   restart {restart:6.1f} s", flush=True)
    print(f"logs in {work}")


if __name__ == "__main__":
    main()
