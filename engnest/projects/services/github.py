"""Link a project to a GitHub repository and sync what it shows (name, description, stars, languages, open issues,
the last commit) through GitHub's REST API with httpx: conditional requests with the ETags of the last answers
(a 304 costs no rate limit), the rate-limit headers honoured (no call before the reset), a clear message on
404 / 403. Tests run against a loopback fake (settings.github_api_url); never the real API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import httpx
from sqlmodel import Session, col, or_, select

from engnest.platform.clock import utcnow
from engnest.platform.db import unit_of_work
from engnest.platform.domain.errors import Conflict, ValidationFailed
from engnest.platform.domain.timezones import ensure_aware_utc, format_local
from engnest.platform.settings import get_settings
from engnest.projects.domain import roles
from engnest.projects.domain.github import failure_message, parse_repo, rate_limited_until
from engnest.projects.models import ProjectRepo
from engnest.projects.services import access

TIMEOUT = httpx.Timeout(10.0)
NOT_LINKED = "Link a GitHub repository first."


@dataclass(frozen=True)
class LinkRepo:
    project_id: int
    full_name: str


def check_link(*, session: Session, project_id: int, by: int, repo: str) -> LinkRepo:
    access.require(session=session, project_id=project_id, user_id=by, action=roles.EDIT)
    return LinkRepo(project_id, parse_repo(repo))


def do_link(*, session: Session, request: LinkRepo) -> ProjectRepo:
    """Link (or relink: what was synced of another repository goes, its rate-limit wait stays)."""
    row = session.get(ProjectRepo, request.project_id) or ProjectRepo(project_id=request.project_id, full_name=request.full_name)
    if row.full_name != request.full_name:
        row = ProjectRepo(project_id=request.project_id, full_name=request.full_name, retry_after=row.retry_after)
        session.merge(row)
    session.add(row)
    session.flush()
    return row


def link(*, session: Session, project_id: int, by: int, repo: str, now: dt.datetime) -> ProjectRepo:
    return do_link(session=session, request=check_link(session=session, project_id=project_id, by=by, repo=repo))


def _get(client: httpx.Client, row: ProjectRepo, path: str) -> httpx.Response:
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    if path in row.etags:
        headers["If-None-Match"] = row.etags[path]
    token = get_settings().github_token
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.get(path, headers=headers)


def _apply(row: ProjectRepo, path: str, body: object) -> None:
    if path.endswith("/languages") and isinstance(body, dict):
        row.languages = {str(k): int(v) for k, v in body.items() if isinstance(v, int)}
    elif path.endswith("/commits") and isinstance(body, list) and body:
        commit = body[0].get("commit", {}) if isinstance(body[0], dict) else {}
        row.last_commit_sha = str(body[0].get("sha", ""))[:40]
        row.last_commit_message = str(commit.get("message", "")).split("\n", 1)[0][:300]
        when = (commit.get("committer") or {}).get("date") or ""
        row.last_commit_at = dt.datetime.fromisoformat(when.replace("Z", "+00:00")) if when else None
    elif isinstance(body, dict):
        row.full_name = str(body.get("full_name") or row.full_name)[:140]
        row.description = str(body.get("description") or "")[:2000]
        row.stars = int(body.get("stargazers_count") or 0)
        row.open_issues = int(body.get("open_issues_count") or 0)


def do_sync(*, session: Session, project_id: int, now: dt.datetime, client: httpx.Client | None = None) -> ProjectRepo:
    """Fetch the repository, its languages and its last commit; keep what was fetched before on 304 or failure.
    `row.message` says what went wrong ("" when all is well). Trusted caller (the job, or `sync` after check_sync)."""
    row = session.get(ProjectRepo, project_id)
    if row is None:  # unlinked in between (the job and check_sync only pass linked projects)
        raise Conflict(repo=NOT_LINKED)
    now = ensure_aware_utc(now)
    if row.retry_after is not None and ensure_aware_utc(row.retry_after) > now:
        row.message = failure_message(403, row.full_name, ensure_aware_utc(row.retry_after))
        session.add(row)
        return row
    base = f"/repos/{row.full_name}"
    own = client is None
    client = client or httpx.Client(base_url=get_settings().github_api_url, timeout=TIMEOUT)
    etags, message = dict(row.etags), ""
    try:
        for path in (base, f"{base}/languages", f"{base}/commits?per_page=1"):
            response = _get(client, row, path)
            until = rate_limited_until(response.status_code, {k.lower(): v for k, v in response.headers.items()}, now)
            if response.status_code == 304:
                continue
            if response.status_code != 200:
                message = failure_message(response.status_code, row.full_name, until)
                row.retry_after = until
                break
            _apply(row, path.split("?")[0], response.json())
            if response.headers.get("etag"):
                etags[path] = response.headers["etag"]
            if until is not None:  # that was the last call this hour: the next sync waits
                row.retry_after = until
                break
        else:
            row.retry_after = None
    except (httpx.HTTPError, ValueError):
        message = "GitHub could not be reached; try again later."
    finally:
        if own:
            client.close()
    row.etags, row.message = etags, message
    if not message:
        row.synced_at = now
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class SyncRepo:
    project_id: int


def check_sync(*, session: Session, project_id: int, by: int) -> SyncRepo:
    """The Sync button: maintainers and the owner, once a repository is linked."""
    access.require(session=session, project_id=project_id, user_id=by, action=roles.EDIT)
    if session.get(ProjectRepo, project_id) is None:
        raise ValidationFailed(repo=NOT_LINKED)
    return SyncRepo(project_id)


def sync(*, session: Session, project_id: int, by: int, now: dt.datetime, client: httpx.Client | None = None) -> ProjectRepo:
    request = check_sync(session=session, project_id=project_id, by=by)
    return do_sync(session=session, project_id=request.project_id, now=now, client=client)


STALE_AFTER = dt.timedelta(hours=6)
BATCH = 20  # repositories per run: well under the unauthenticated 60 calls an hour (3 calls each, most 304)


def sync_stale(*, session: Session, now: dt.datetime, client: httpx.Client | None = None) -> int:
    """The scheduled job: sync the repositories not synced for STALE_AFTER (oldest first) whose rate-limit wait is
    over; stop early once GitHub says the limit is used up. Returns how many were synced."""
    now = ensure_aware_utc(now)
    due = session.exec(
        select(ProjectRepo.project_id)
        .where(or_(col(ProjectRepo.synced_at).is_(None), col(ProjectRepo.synced_at) < now - STALE_AFTER))
        .where(or_(col(ProjectRepo.retry_after).is_(None), col(ProjectRepo.retry_after) <= now))
        .order_by(col(ProjectRepo.synced_at).asc().nulls_first(), col(ProjectRepo.project_id)).limit(BATCH)
    ).all()
    synced = 0
    for project_id in due:
        row = do_sync(session=session, project_id=project_id, now=now, client=client)
        synced += 1 if not row.message else 0
        if row.retry_after is not None:
            break
    return synced


def run_sync_job() -> None:
    """What the scheduler runs (registered in projects.wiring); commits."""
    with unit_of_work() as session:
        sync_stale(session=session, now=utcnow())


@dataclass
class RepoView:
    full_name: str = ""
    url: str = ""
    description: str = ""
    stars: int = 0
    open_issues: int = 0
    languages: str = ""  # "Python 78%, C 22%"
    last_commit: str = ""  # first line, and when in the viewer's timezone
    message: str = ""
    synced: str = ""


def repo_view(*, session: Session, project_id: int, viewer_tz: str) -> RepoView:
    """The repository box of the project page (public repository data; empty when none is linked)."""
    row = session.get(ProjectRepo, project_id)
    if row is None:
        return RepoView()
    total = sum(row.languages.values()) or 1
    langs = sorted(row.languages.items(), key=lambda kv: -kv[1])[:4]
    commit = f"{row.last_commit_message} ({format_local(row.last_commit_at, viewer_tz)})" if row.last_commit_sha else ""
    return RepoView(
        row.full_name, f"https://github.com/{row.full_name}", row.description, row.stars, row.open_issues,
        ", ".join(f"{name} {round(100 * n / total)}%" for name, n in langs), commit, row.message,
        format_local(row.synced_at, viewer_tz) if row.synced_at else "",
    )
