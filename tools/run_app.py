"""`make run`'s last step: serve the production build on one port, rebuilding the frontend only when its inputs
changed.

    python tools/run_app.py --port 3000

`reflex run --env prod` compiles the pages and runs a Vite production build on every start (about a minute on
two cores) even when nothing changed. This wraps the same command: the build is keyed by a hash of what goes
into it (the app's Python and front-end sources, assets/, rxconfig.py, the frontend lock, the Reflex version
and the environment that is baked into the bundle: ports, public/API URLs, REFLEX_* settings). When the key
matches the one stored beside the last successful build, Reflex's compile and build steps are skipped and the
backend serves that build; otherwise Reflex builds as usual and the key is stored after it succeeds.
`FRONTEND_REBUILD=1` forces a build. With `--seed` the demo seed runs alongside the compile and build (they do not
read the database) and the server starts once both are done.

Reflex 0.10.1 has no option for this (`--backend-only` does not mount the frontend), so the two steps are
replaced for this process only; tests/domain/test_run_app.py fails if an upgrade renames them.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = ROOT / ".web" / "build"
KEY_FILE = BUILD_DIR / ".engnest-build-key"
SOURCE_SUFFIXES = (".py", ".jsx", ".js", ".css")
# Settings that end up in the bundle (env.json: the backend URL; the pages read some settings while they are
# compiled: the photo and attachment size limits, the map tiles) or change how it is built. `.env` is an input file (below).
BUILD_ENV = (
    "PORT", "API_URL", "PUBLIC_URL", "DEPLOY_URL", "FRONTEND_PATH", "NODE_ENV", "ENGNEST_ENV",
    "AVATAR_MAX_BYTES", "ATTACHMENT_MAX_BYTES", "MAP_TILE_URL", "MAP_TILE_ATTRIBUTION",
)
IGNORED_REFLEX_ENV = ("REFLEX_TELEMETRY_ENABLED", "REFLEX_SKIP_COMPILE", "REFLEX_ENV_MODE", "REFLEX_UPLOADED_FILES_DIR")


def input_files(root: Path = ROOT) -> list[Path]:
    """Every file the frontend build reads from the project, in a stable order."""
    files = [p for p in (root / "engnest").rglob("*") if p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts]
    files += [p for p in (root / "assets").rglob("*") if p.is_file() and "external" not in p.relative_to(root / "assets").parts]
    files += [p for p in (root / "reflex.lock").glob("*") if p.is_file()]
    files.append(root / "rxconfig.py")
    files.append(root / ".env")  # read by the settings the pages and rxconfig.py use
    return sorted(p for p in files if p.is_file())


def build_key(root: Path = ROOT, env: Mapping[str, str] | None = None, files: Iterable[Path] | None = None) -> str:
    """A hash of everything that can change the production frontend build."""
    env = os.environ if env is None else env
    digest = hashlib.sha256()
    digest.update(f"reflex {metadata.version('reflex')}\n".encode())
    for name in sorted(k for k in env if k in BUILD_ENV or (k.startswith("REFLEX_") and k not in IGNORED_REFLEX_ENV)):
        digest.update(f"env {name}={env[name]}\n".encode())
    for path in input_files(root) if files is None else files:
        digest.update(f"file {path.relative_to(root).as_posix()}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def build_is_current(key: str, build_dir: Path = BUILD_DIR) -> bool:
    key_file = build_dir / KEY_FILE.name
    return (
        not os.environ.get("FRONTEND_REBUILD")
        and (build_dir / "client" / "index.html").is_file()
        and key_file.is_file()
        and key_file.read_text().strip() == key
    )


class Seed:
    """`python -m devdata.seed` in the background: the demo data (only into an empty database) is written while
    the frontend compiles and builds, which do not read the database; the server starts once it is done."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = subprocess.Popen([sys.executable, "-m", "devdata.seed"], cwd=ROOT)

    def wait(self) -> None:
        if self.process is None:
            return
        code, self.process = self.process.wait(), None
        if code:
            print(f"run: the demo seed failed (exit {code}); not starting the server", flush=True)
            raise SystemExit(code)


def _reuse_build() -> None:
    """Replace Reflex's compile and Vite build with nothing: the stored build is served as it is."""
    import reflex.reflex as cli
    from reflex.utils import build

    cli._compile_app = lambda **_kwargs: None  # type: ignore[attr-defined]
    build.setup_frontend_prod = lambda _root: None


def _record_build(key: str, seed: Seed | None) -> None:
    """Store the key once Reflex's build has succeeded (a failed build exits before this runs); then wait
    for the seed."""
    from reflex.utils import build

    original = build.setup_frontend_prod

    def setup_and_record(root: Path) -> None:
        started = time.monotonic()
        original(root)
        KEY_FILE.write_text(key)
        print(f"run: frontend built in {time.monotonic() - started:.0f} s; the next start reuses it", flush=True)
        if seed:
            seed.wait()

    build.setup_frontend_prod = setup_and_record


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    parser.add_argument("--loglevel", default="info")
    parser.add_argument("--seed", action="store_true", help="run the demo seed alongside the frontend build")
    args = parser.parse_args(argv)
    os.environ["PORT"] = str(args.port)  # the key sees the same environment as the build
    seed = Seed() if args.seed else None
    started = time.monotonic()
    key = build_key()
    if build_is_current(key):
        print(f"run: frontend unchanged since the last build (checked in {time.monotonic() - started:.1f} s): reusing it", flush=True)
        if seed:
            seed.wait()
        _reuse_build()
    else:
        print("run: frontend inputs changed or never built: compiling and building (about a minute)", flush=True)
        _record_build(key, seed)
    from reflex.reflex import cli

    sys.argv = ["reflex", "run", "--env", "prod", "--single-port", "--frontend-port", str(args.port), "--loglevel", args.loglevel]
    cli(prog_name="reflex")


if __name__ == "__main__":
    main()
