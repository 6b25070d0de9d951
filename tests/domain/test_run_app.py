"""tools/run_app.py: the frontend build is reused only while nothing that goes into it changed."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import run_app  # noqa: E402


@pytest.fixture
def project(tmp_path):
    (tmp_path / "engnest" / "discovery").mkdir(parents=True)
    (tmp_path / "engnest" / "discovery" / "home.py").write_text("TITLE = 'Home'\n")
    (tmp_path / "engnest" / "data.bin").write_bytes(b"\0")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a11y.css").write_text("body {}\n")
    (tmp_path / "rxconfig.py").write_text("config = None\n")
    return tmp_path


def test_the_key_changes_with_a_page_an_asset_the_config_or_the_port_and_not_otherwise(project):
    env = {"PORT": "3000", "HOME": "/root"}
    key = run_app.build_key(project, env)
    assert run_app.build_key(project, {**env, "HOME": "/tmp", "REFLEX_TELEMETRY_ENABLED": "false"}) == key
    (project / "engnest" / "data.bin").write_bytes(b"\1")  # not a frontend input
    assert run_app.build_key(project, env) == key
    assert run_app.build_key(project, {**env, "PORT": "3001"}) != key
    assert run_app.build_key(project, {**env, "API_URL": "http://x"}) != key
    for path in ("engnest/discovery/home.py", "assets/a11y.css", "rxconfig.py"):
        before = (project / path).read_text()
        (project / path).write_text(before + "# changed\n")
        assert run_app.build_key(project, env) != key, path
        (project / path).write_text(before)
    assert run_app.build_key(project, env) == key


def test_the_key_changes_with_the_settings_the_pages_read_while_compiled(project):
    """The profile page prints the photo size limit and the meeting pages embed the map tile URL at compile time:
    a build for other values of them is stale (it was reused before these were part of the key)."""
    env = {"PORT": "3000"}
    key = run_app.build_key(project, env)
    for name, value in (("AVATAR_MAX_BYTES", "1048576"), ("MAP_TILE_URL", "https://tiles.example/{z}/{x}/{y}.png"),
                        ("MAP_TILE_ATTRIBUTION", "x"), ("ENGNEST_ENV", "prod")):
        assert run_app.build_key(project, {**env, name: value}) != key, name
    (project / ".env").write_text("AVATAR_MAX_BYTES=1048576\n")  # the same settings, from the .env file
    assert run_app.build_key(project, env) != key


def test_a_build_is_current_only_with_its_key_and_its_files(project, monkeypatch):
    build = project / ".web" / "build"
    assert not run_app.build_is_current("k", build)
    (build / "client").mkdir(parents=True)
    (build / "client" / "index.html").write_text("<html></html>")
    assert not run_app.build_is_current("k", build)
    (build / run_app.KEY_FILE.name).write_text("k")
    assert run_app.build_is_current("k", build)
    assert not run_app.build_is_current("other", build)
    monkeypatch.setenv("FRONTEND_REBUILD", "1")
    assert not run_app.build_is_current("k", build)


def test_the_reflex_steps_it_replaces_still_exist():
    import reflex.reflex as cli
    from reflex.utils import build

    assert callable(cli._compile_app) and callable(build.setup_frontend_prod) and callable(cli.cli)


def test_the_server_waits_for_the_seed_and_does_not_start_if_it_failed(monkeypatch):
    import subprocess

    calls = []
    real_popen = subprocess.Popen

    def fake_popen(args, **kwargs):
        calls.append(args)
        return real_popen([sys.executable, "-c", "import sys; sys.exit(3)"])

    monkeypatch.setattr(run_app.subprocess, "Popen", fake_popen)
    seed = run_app.Seed()
    assert calls == [[sys.executable, "-m", "devdata.seed"]]
    with pytest.raises(SystemExit) as exc:
        seed.wait()
    assert exc.value.code == 3
    seed.wait()  # waited once: a second call does nothing
