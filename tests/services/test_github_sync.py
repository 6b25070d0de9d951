"""Issue 14: a project's GitHub repository, synced through the REST API with httpx against a loopback fake:
ETags make the second sync conditional (304, nothing spent), the rate limit is honoured (no call before the
reset), and 404 / 403 say what is wrong while keeping what was fetched before."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import NOW, make_user
from github_fake import serve

from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import reset_settings_cache
from engnest.projects.domain.github import parse_repo
from engnest.projects.domain.project import Draft
from engnest.projects.services import github, projects


@pytest.fixture
def fake(monkeypatch):
    fake, server = serve()
    monkeypatch.setenv("GITHUB_API_URL", fake.url)
    reset_settings_cache()
    yield fake
    server.shutdown()
    reset_settings_cache()


@pytest.fixture
def linked(session, fake):
    owner = make_user(session, complete=True)
    stranger = make_user(session, complete=True)
    project = projects.create(session=session, owner_id=owner.id, draft=Draft(title="Kiln", disciplines=["electrical"], online=True), now=NOW)
    github.link(session=session, project_id=project.id, by=owner.id, repo="https://github.com/ada/kiln.git", now=NOW)
    session.commit()
    return owner, stranger, project.id


@pytest.mark.parametrize(("text", "name"), [("ada/kiln", "ada/kiln"), ("https://github.com/ada/kiln", "ada/kiln"), ("http://www.github.com/a-b/c.d/", "a-b/c.d")])
def test_repository_links(text, name):
    assert parse_repo(text) == name


@pytest.mark.parametrize("text", ["", "ada", "https://gitlab.com/ada/kiln", "ada/../x", "ada/kiln/issues", "-ada/kiln"])
def test_bad_repository_links_are_refused(text):
    with pytest.raises(ValidationFailed):
        parse_repo(text)


def test_sync_fetches_then_asks_with_etags(session, linked, fake):
    owner, stranger, pid = linked
    with pytest.raises(ValidationFailed):  # a stranger neither links nor syncs
        github.sync(session=session, project_id=pid, by=stranger.id, now=NOW)
    row = github.sync(session=session, project_id=pid, by=owner.id, now=NOW)
    assert (row.full_name, row.description, row.stars, row.open_issues, row.message) == ("ada/kiln", "A solar kiln", 42, 3, "")
    assert row.languages == {"Python": 12000, "C": 3400} and row.last_commit_message == "Fire at 1200 C"
    assert row.last_commit_at == dt.datetime(2026, 11, 20, 10, tzinfo=dt.timezone.utc) and row.synced_at == NOW
    assert fake.remaining == 57
    view = github.repo_view(session=session, project_id=pid, viewer_tz="Asia/Tokyo")
    assert (view.languages, view.last_commit) == ("Python 78%, C 22%", "Fire at 1200 C (Fri 20 Nov 2026, 19:00 JST)")
    github.sync(session=session, project_id=pid, by=owner.id, now=NOW)
    assert fake.remaining == 57  # three 304s: nothing spent
    assert all("if-none-match" in h for _, h in fake.seen[3:]) and len(fake.seen) == 6


def test_404_and_403_say_what_is_wrong_and_keep_the_last_data(session, linked, fake):
    owner, _, pid = linked
    github.do_sync(session=session, project_id=pid, now=NOW)
    fake.fail(404)
    row = github.do_sync(session=session, project_id=pid, now=NOW)
    assert "no public repository ada/kiln" in row.message and row.stars == 42 and row.retry_after is None
    fake.fail(403, {"X-RateLimit-Remaining": "5"})
    row = github.do_sync(session=session, project_id=pid, now=NOW)
    assert "refused access" in row.message and row.retry_after is None
    assert github.do_sync(session=session, project_id=pid, now=NOW).message == ""


def test_the_rate_limit_is_honoured_until_the_reset(session, linked, fake):
    _, _, pid = linked
    reset = NOW + dt.timedelta(minutes=20)
    fake.reset = int(reset.timestamp())
    fake.fail(403, {"X-RateLimit-Remaining": "0"})
    row = github.do_sync(session=session, project_id=pid, now=NOW)
    assert row.retry_after == reset and "rate limit" in row.message and f"{reset:%H:%M} UTC" in row.message
    calls = len(fake.seen)
    github.do_sync(session=session, project_id=pid, now=NOW + dt.timedelta(minutes=5))
    assert len(fake.seen) == calls  # no call before the reset
    row = github.do_sync(session=session, project_id=pid, now=reset + dt.timedelta(seconds=1))
    assert row.message == "" and row.stars == 42 and row.retry_after is None


def test_a_secondary_limit_retry_after_is_honoured(session, linked, fake):
    _, _, pid = linked
    fake.fail(429, {"Retry-After": "90", "X-RateLimit-Remaining": "30"})
    row = github.do_sync(session=session, project_id=pid, now=NOW)
    assert row.retry_after == NOW + dt.timedelta(seconds=90)


def test_an_unreachable_github_is_a_message(session, linked, monkeypatch):
    _, _, pid = linked
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")
    reset_settings_cache()
    assert github.do_sync(session=session, project_id=pid, now=NOW).message == "GitHub could not be reached; try again later."


def test_the_scheduled_job_syncs_only_stale_repositories(session, linked, fake):
    from engnest.platform.scheduler.registry import PERIODIC

    assert PERIODIC["github-sync"] == (github.run_sync_job, 3600)
    _, _, pid = linked
    assert github.sync_stale(session=session, now=NOW) == 1  # never synced
    assert github.sync_stale(session=session, now=NOW + dt.timedelta(hours=1)) == 0 and len(fake.seen) == 3  # fresh
    assert github.sync_stale(session=session, now=NOW + github.STALE_AFTER + dt.timedelta(seconds=1)) == 1
    assert len(fake.seen) == 6 and all("if-none-match" in h for _, h in fake.seen[3:])
