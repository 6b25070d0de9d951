"""A real coturn on loopback for tests that force a call through TURN (relay-only ICE)."""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from support import port_open, require

TURN_SECRET = "e2e-turn-secret-0123456789abcdef"


@dataclass
class Coturn:
    port: int
    process: subprocess.Popen
    log_path: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_coturn(port: int, workdir: Path, secret: str = TURN_SECRET, timeout: float = 20.0) -> Coturn:
    """turnserver on 127.0.0.1:`port` with EngNest's scheme (use-auth-secret); relays between loopback peers, which
    production forbids (see deploy/coturn/turnserver.conf)."""
    binary = shutil.which("turnserver")
    require(binary is not None, "coturn's turnserver (apt-get install coturn)")
    workdir.mkdir(parents=True, exist_ok=True)
    conf = workdir / "turnserver.conf"
    conf.write_text(
        "\n".join([
            "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", f"listening-port={port}",
            "min-port=50000", "max-port=50999",
            "use-auth-secret", f"static-auth-secret={secret}", "realm=engnest.test", "fingerprint",
            "no-tls", "no-dtls", "no-cli", "allow-loopback-peers", "no-multicast-peers",
            f"pidfile={workdir / 'turnserver.pid'}", f"userdb={workdir / 'turndb'}", "log-file=stdout", "simple-log",
        ]) + "\n"
    )
    log_path = workdir / "turnserver.log"
    process = subprocess.Popen([binary, "-c", str(conf)], stdout=log_path.open("wb"), stderr=subprocess.STDOUT)
    server = Coturn(port, process, log_path)
    deadline = time.monotonic() + timeout
    while not port_open("127.0.0.1", port):  # it listens on TCP and UDP together
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"turnserver did not start: {log_path.read_text()[-2000:]}")
        time.sleep(0.05)
    return server
