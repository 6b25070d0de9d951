"""No mode runs on a published secret: without SECRET_KEY each data dir gets its own random key (0600, made
atomically, kept across restarts); prod demands one. PUBLIC_URL follows PORT, and only our origins are allowed."""

from __future__ import annotations

import multiprocessing
import os
import stat

import pytest
from pydantic import ValidationError

from engnest.platform import keyfile
from engnest.platform import settings as settings_module
from engnest.platform.settings import Settings


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    path = tmp_path / "data"
    monkeypatch.setenv("ENGNEST_DATA_DIR", str(path))
    monkeypatch.setenv("ENGNEST_ENV", "dev")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    keyfile.load_or_create.cache_clear()
    yield path
    keyfile.load_or_create.cache_clear()


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_without_secret_key_a_random_key_is_made_on_first_start_and_kept(data_dir):
    key = Settings().secret_key
    assert len(key) >= 32 and key == Settings().secret_key
    key_file = data_dir / keyfile.KEY_FILE_NAME
    assert key_file.read_text().strip() == key
    assert mode_of(key_file) == 0o600
    keyfile.load_or_create.cache_clear()  # a restart reads the same key back
    assert Settings().secret_key == key


def test_every_data_dir_gets_its_own_key_and_no_published_default_exists(data_dir, tmp_path, monkeypatch):
    first = Settings().secret_key
    monkeypatch.setenv("ENGNEST_DATA_DIR", str(tmp_path / "another"))
    assert Settings().secret_key != first
    assert not hasattr(settings_module, "DEV_SECRET_KEY")


def test_the_key_file_is_private_whatever_the_umask_and_is_tightened_if_loosened(data_dir):
    old = os.umask(0)
    try:
        key = Settings().secret_key
    finally:
        os.umask(old)
    key_file = data_dir / keyfile.KEY_FILE_NAME
    assert mode_of(key_file) == 0o600
    key_file.chmod(0o644)
    keyfile.load_or_create.cache_clear()
    assert Settings().secret_key == key and mode_of(key_file) == 0o600


def test_a_damaged_key_file_is_reported_not_silently_replaced(data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / keyfile.KEY_FILE_NAME).write_text("short\n")
    with pytest.raises(keyfile.KeyFileError, match="secret_key"):
        Settings().secret_key  # noqa: B018 - the property reads the file


def _read_key(path, barrier, results) -> None:
    barrier.wait()
    results.put(keyfile.read_or_create(path))


def test_processes_starting_at_the_same_time_agree_on_one_key(tmp_path):
    ctx = multiprocessing.get_context("fork")
    path = tmp_path / "shared" / keyfile.KEY_FILE_NAME
    count = 8
    barrier, results = ctx.Barrier(count), ctx.Queue()
    workers = [ctx.Process(target=_read_key, args=(path, barrier, results)) for _ in range(count)]
    for w in workers:
        w.start()
    keys = {results.get(timeout=60) for _ in workers}
    for w in workers:
        w.join(timeout=60)
    assert len(keys) == 1 and path.read_text().strip() in keys
    assert [p.name for p in path.parent.iterdir()] == [keyfile.KEY_FILE_NAME]  # no temporary files left behind


def test_an_explicit_secret_key_is_used_and_nothing_is_written(data_dir, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    assert Settings().secret_key == "k" * 40
    assert not (data_dir / keyfile.KEY_FILE_NAME).exists()


def test_prod_never_generates_a_key(data_dir, monkeypatch):
    monkeypatch.setenv("ENGNEST_ENV", "prod")
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings()
    assert not (data_dir / keyfile.KEY_FILE_NAME).exists()


def test_public_url_follows_port_unless_set(monkeypatch):
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.setenv("PORT", "4567")
    s = Settings()
    assert s.public_url == "http://localhost:4567" and s.backend_url == "http://localhost:4567"
    monkeypatch.setenv("PUBLIC_URL", "https://engnest.example")
    assert Settings().public_url == "https://engnest.example"


def test_only_our_own_origins_are_allowed(monkeypatch):
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    monkeypatch.setenv("PORT", "4567")
    assert Settings().allowed_origins == ["http://localhost:4567", "http://127.0.0.1:4567", "http://0.0.0.0:4567"]
    monkeypatch.setenv("ENGNEST_ENV", "prod")
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("PUBLIC_URL", "https://EngNest.example/")
    monkeypatch.setenv("API_URL", "https://api.engnest.example:443")
    assert Settings().allowed_origins == ["https://engnest.example", "https://api.engnest.example"]
