"""The SQLite data directory runs out of space (issue 16's chaos tier): a small tmpfs holds the database; with the
disk full every send fails cleanly and leaves nothing behind (no message without its notification), and once space
is back the same sends (same keys, as the page resends them) are stored exactly once each."""

from __future__ import annotations

import os
import subprocess
import uuid

import pytest
import sqlalchemy as sa
from factories import make_user
from sqlmodel import select

from engnest.messaging.models import Message
from engnest.messaging.services import messages
from engnest.network.services import relations
from engnest.notifications.models import Notification
from engnest.platform.clock import utcnow
from engnest.platform.db import make_engine, session_scope, unit_of_work
from engnest.platform.settings import reset_settings_cache


class Disk:
    """Where the database lives and how to fill it up: a 16 MB tmpfs written full when this process may mount one
    (root with CAP_SYS_ADMIN); otherwise SQLite's own `max_page_count` pins the database at its current size, which
    fails writes with the same SQLITE_FULL ("database or disk is full") on every connection of the engine."""

    def __init__(self, directory, mounted: bool) -> None:
        self.directory, self.mounted, self.limit = directory, mounted, 0

    def watch(self, engine: sa.Engine) -> None:
        @sa.event.listens_for(engine, "checkout")
        def _limit(dbapi_connection, _record, _proxy) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {self.limit or 4294967294}")

    def fill(self, engine: sa.Engine) -> None:
        if self.mounted:
            fill(self.directory)
            return
        with engine.connect() as conn:
            self.limit = conn.exec_driver_sql("PRAGMA page_count").scalar_one()

    def free(self) -> None:
        if self.mounted:
            (self.directory / "filler").unlink()
        self.limit = 0


@pytest.fixture
def small_disk(tmp_path, monkeypatch):
    mount = tmp_path / "data"
    mount.mkdir()
    mounted = os.environ.get("CHAOS_NO_MOUNT") is None and os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)], capture_output=True, text=True
    ).returncode == 0
    monkeypatch.setenv("DM_RATE_LIMIT", "10000/minute")
    reset_settings_cache()
    yield Disk(mount, mounted)
    if mounted:
        subprocess.run(["umount", "-l", str(mount)], check=False)
    reset_settings_cache()


def fill(directory) -> None:
    """Write until the filesystem says it is full."""
    with open(directory / "filler", "wb") as f:
        block = b"\0" * (256 * 1024)
        try:
            while True:
                f.write(block)
                f.flush()
                os.fsync(f.fileno())
        except OSError:
            pass


def causes(exc: BaseException | None):
    while exc is not None:
        yield exc
        exc = exc.__cause__ or exc.__context__


def test_sends_on_a_full_disk_fail_cleanly_and_succeed_once_space_is_back(small_disk):
    from engnest.migrations import upgrade

    url = f"sqlite:///{small_disk.directory / 'engnest.db'}"
    upgrade(url)
    engine = make_engine(url)
    small_disk.watch(engine)
    with unit_of_work(engine) as s:
        ada, ben = make_user(s), make_user(s, first_name="Ben")
        relations.do_make_collaborators(session=s, a=ada.id, b=ben.id, now=utcnow())
    with unit_of_work(engine) as s:
        conversation = messages.open_direct(session=s, me=ada.id, peer=ben.id, now=utcnow())

    def send(body: str, key: str):
        with unit_of_work(engine) as s:
            return messages.send_message(session=s, sender_id=ada.id, conversation_id=conversation, body=body, client_key=key, now=utcnow())

    send("before the disk filled up", str(uuid.uuid4()))
    small_disk.fill(engine)
    keys = {f"while full {i} " + "x" * 1500: str(uuid.uuid4()) for i in range(20)}
    failures = 0
    for body, key in keys.items():
        try:
            send(body, key)
        except sa.exc.OperationalError as exc:
            # SQLite may roll the whole transaction back on SQLITE_FULL, and then the savepoint's rollback fails
            # too ("no such savepoint"): the full disk is in the chain of causes.
            assert any("full" in str(e).lower() or "disk" in str(e).lower() for e in causes(exc)), exc
            failures += 1
    print(f"\ndisk full ({'tmpfs' if small_disk.mounted else 'max_page_count'}): {failures} of {len(keys)} sends refused, nothing half-written; all stored once after space came back")
    assert failures > 0, "the disk never filled up"
    small_disk.free()
    for body, key in keys.items():  # the page resends each with its key
        assert send(body, key).message.body == body
    with session_scope(engine) as s:
        rows = s.exec(select(Message.id, Message.body).where(Message.sender_id == ada.id)).all()
        assert sorted(b for _, b in rows) == sorted(["before the disk filled up", *keys]), "lost or stored twice"
        notified = s.exec(select(sa.func.count()).select_from(Notification).where(
            Notification.kind == "message", Notification.subject_id.in_([i for i, _ in rows]))).one()
        assert notified == len(rows), "a message without its notification (or one notified twice)"
    engine.dispose()
