"""Where attachment bytes live: `<data dir>/uploads/attachments/<random name>`, outside anything the web server
serves (only the members' endpoint in messaging.http reads them). A file is written before its row is committed
and removed if that transaction rolls back; rows deleted with a message or conversation take their files with
them after the commit (a rollback keeps both)."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from engnest.messaging.models import MessageAttachment
from engnest.platform import aftercommit
from engnest.platform.settings import get_settings

log = logging.getLogger(__name__)
_GONE = "attachment-files-gone"
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def attachment_dir() -> Path:
    path = get_settings().upload_dir / "attachments"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def path_of(stored_name: str) -> Path | None:
    """The file of a stored name (None: not a name we make, or no such file)."""
    if not 16 <= len(stored_name) <= 64 or not set(stored_name) <= _NAME_CHARS:
        return None
    path = attachment_dir() / stored_name
    return path if path.is_file() else None


def _unlink(names: list[str]) -> None:
    for name in names:
        path = path_of(name)
        if path is not None:
            path.unlink(missing_ok=True)


def write(session: Session, data: bytes) -> str:
    """Store `data` under a new random name (never an existing file), removed again if `session` rolls back."""
    name = secrets.token_urlsafe(24)
    fd = os.open(attachment_dir() / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    aftercommit.undo_on_rollback(session, lambda: _unlink([name]))
    return name


def _remove(session: Session, where: sa.ColumnElement[bool]) -> None:
    names = list(session.exec(select(MessageAttachment.stored_name).where(where)).all())
    if names:
        session.execute(sa.delete(MessageAttachment).where(where))
        aftercommit.defer(session, _GONE, names)


def remove_for_message(session: Session, message_id: int) -> None:
    """The message's file goes (its sender deleted it); the bytes after the commit."""
    _remove(session, col(MessageAttachment.message_id) == message_id)


def remove_with_conversations(session: Session, conversation_ids: Any) -> None:
    """The files of conversations about to be deleted (`conversation_ids`: ids or a select of them)."""
    _remove(session, col(MessageAttachment.conversation_id).in_(conversation_ids))


def _after_commit(batches: list[list[str]]) -> None:
    for names in batches:
        try:
            _unlink(names)
        except OSError:  # the rows are gone; a file left behind is only disk, never shown
            log.warning("could not remove %d attachment file(s)", len(names))


aftercommit.handle(_GONE, _after_commit)
