"""`python -m engnest.admin` (issue 13): site admins are made and unmade from the command line only, by any
spelling of the address, each change audited; nothing in the UI grants a site role."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from dm_support import person

from engnest.admin import cli
from engnest.community.models import ModerationAction
from engnest.community.services import moderation_admins

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli.main(list(argv), out=out), out.getvalue()


def test_grant_revoke_and_list_by_any_spelling_with_an_audit(session):
    ada = person(session, email="ada.admin@example.com")
    assert run("list") == (0, "No site admins yet. Make one with: python -m engnest.admin grant <email>\n")
    assert run("grant", "  Ada.Admin@EXAMPLE.com ") == (0, "ada.admin@example.com is now a site admin.\n")
    assert run("grant", "ada.admin@example.com") == (0, "ada.admin@example.com is already a site admin.\n")
    session.expire_all()
    assert moderation_admins.is_admin(session=session, user_id=ada.id)
    code, listed = run("list")
    assert code == 0 and listed.startswith("ada.admin@example.com\tadmin since ") and "\tcli" in listed
    assert run("revoke", "ada.admin@example.com") == (0, "ada.admin@example.com is no longer a site admin.\n")
    assert run("revoke", "ada.admin@example.com") == (0, "ada.admin@example.com is not a site admin.\n")
    session.expire_all()
    assert not moderation_admins.is_admin(session=session, user_id=ada.id)
    audit = session.execute(sa.select(ModerationAction.action, ModerationAction.target_user_id, ModerationAction.room_id).order_by(ModerationAction.id)).all()
    assert audit == [("grant_admin", ada.id, None), ("revoke_admin", ada.id, None)]


def test_an_unknown_or_malformed_address_changes_nothing(session, capsys):
    person(session)
    for address in ("nobody@example.com", "not an address", ""):
        assert run("grant", address)[0] == 1
    assert "No account has that email address." in capsys.readouterr().err
    assert moderation_admins.admin_ids(session=session) == []


def test_the_module_runs_as_a_command(sqlite_session, sqlite_url):
    person(sqlite_session, email="grace.admin@example.com")
    env = {**os.environ, "DATABASE_URL": sqlite_url}
    done = subprocess.run([sys.executable, "-m", "engnest.admin", "grant", "grace.admin@example.com"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert (done.returncode, done.stdout) == (0, "grace.admin@example.com is now a site admin.\n"), done.stderr
    usage = subprocess.run([sys.executable, "-m", "engnest.admin"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert usage.returncode == 2 and "grant" in usage.stderr
