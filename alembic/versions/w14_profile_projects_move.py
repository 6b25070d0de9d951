"""profile projects live in projects: the profile keeps a copy, the old `project` table goes; projects store their
redacted text

Issue 14. Until now the profile page's projects editor wrote the `project` table and every card read it, while
`team_project` (a copy made by w14_projects_teams) was what Find a team showed. From here projects are edited only
through engnest.projects, and the profile keeps `current_projects` (the projects its person owns: the newest 10,
oldest first: id, title, description, skill names wanted) and `project_count`, which profiles, cards, search and
suggestions read.

Data: profile projects added or edited after w14_projects_teams are carried over first (a `project` row with no
`team_project` is copied as that migration did; one edited since its copy updates the copy's title, summary and
skills wanted), then every profile gets its copy, then `project` is dropped. `team_project` gains the text strangers
read (title, summary, skills: `*_public`) with `redaction_version` 0, so it is redacted when first read and stored
at the next save (the redactor is application code; a migration does not import it). `project_skill` (one row per
project and skill key wanted, filled here) lets "projects for a person" use an index.

Downgrade: `project` is rebuilt from each owner's projects (`source_project_id` points at the rebuilt row), then the
new columns go.

Revision ID: w14_profile_projects_move
Revises: w18_message_edits
"""
import datetime as dt
import re
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'w14_profile_projects_move'
down_revision: Union[str, Sequence[str], None] = 'w18_message_edits'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

SHOWN_MAX = 10  # as engnest.profiles.domain.current_projects.SHOWN_MAX at this revision

_project = sa.table(
    "project", sa.column("id"), sa.column("user_id"), sa.column("title"), sa.column("description"),
    sa.column("skills_wanted", sa.JSON), sa.column("created_at"), sa.column("updated_at"),
)
_profile = sa.table(
    "profile", sa.column("user_id"), sa.column("discipline"), sa.column("preference"), sa.column("city_name"),
    sa.column("current_projects", sa.JSON), sa.column("project_count"),
)
_team = sa.table(
    "team_project", sa.column("id"), sa.column("owner_id"), sa.column("title"), sa.column("summary"),
    sa.column("disciplines", sa.JSON), sa.column("skills_wanted", sa.JSON), sa.column("skill_keys"), sa.column("stage"),
    sa.column("preference"), sa.column("online"), sa.column("city"), sa.column("city_key"), sa.column("links", sa.JSON),
    sa.column("source_project_id"), sa.column("created_at"), sa.column("updated_at"),
)
_member = sa.table("project_member", sa.column("project_id"), sa.column("user_id"), sa.column("role"), sa.column("joined_at"))


def _skill_key(name: str) -> str:  # as engnest.profiles.domain.profile.skill_key at this revision
    return re.sub(r"[\s\-_]+", "", name.lower())


def _wanted(raw) -> tuple[list[dict], str]:
    names = [w.strip() for w in (raw or []) if isinstance(w, str) and w.strip()]
    keys = list(dict.fromkeys(_skill_key(w) for w in names))
    return [{"name": w, "key": _skill_key(w), "level": "intermediate"} for w in names], (f" {' '.join(keys)} " if keys else "")


def upgrade() -> None:
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('current_projects', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('project_count', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('team_project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_public', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('summary_public', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('skills_public', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('redaction_version', sa.Integer(), server_default='0', nullable=False))
    op.create_table('project_skill',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['team_project.id'], name=op.f('fk_project_skill_project_id_team_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'key', name=op.f('pk_project_skill'))
    )
    with op.batch_alter_table('project_skill', schema=None) as batch_op:
        batch_op.create_index('ix_project_skill_key_project', ['key', 'project_id'], unique=False)
    conn = op.get_bind()
    _carry_over(conn)
    _fill_profiles(conn)
    _index_skills(conn)
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_user_id'))
    op.drop_table('project')


def _carry_over(conn) -> None:
    copies = {r.source_project_id: r for r in conn.execute(
        sa.select(_team.c.id, _team.c.source_project_id, _team.c.updated_at).where(_team.c.source_project_id.is_not(None)))}
    rows = conn.execute(
        sa.select(_project, _profile.c.discipline, _profile.c.preference, _profile.c.city_name)
        .select_from(_project.outerjoin(_profile, _profile.c.user_id == _project.c.user_id)).order_by(_project.c.id)
    ).all()
    for r in rows:
        wanted, keys = _wanted(r.skills_wanted)
        copy = copies.get(r.id)
        if copy is not None:
            if r.updated_at is not None and copy.updated_at is not None and _naive(r.updated_at) > _naive(copy.updated_at):
                conn.execute(sa.update(_team).where(_team.c.id == copy.id).values(
                    title=r.title, summary=r.description or "", skills_wanted=wanted, skill_keys=keys, updated_at=r.updated_at))
            continue
        city = (r.city_name or "").strip()
        online = r.preference == "online" or not city
        new_id = conn.execute(sa.insert(_team).values(
            owner_id=r.user_id, title=r.title, summary=r.description or "", disciplines=[r.discipline or "other"],
            skills_wanted=wanted, skill_keys=keys, stage="idea",
            preference=r.preference if r.preference in ("in_person", "online", "hybrid") else "hybrid",
            online=online, city="" if online else city, city_key="" if online else city.lower(), links=[],
            source_project_id=r.id, created_at=r.created_at, updated_at=r.updated_at,
        ).returning(_team.c.id)).scalar_one()
        conn.execute(sa.insert(_member).values(project_id=new_id, user_id=r.user_id, role="owner", joined_at=r.created_at))


def _naive(value) -> dt.datetime:
    """Compare stored times on both databases (SQLite gives naive UTC, PostgreSQL aware)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo is None else value.astimezone(dt.timezone.utc).replace(tzinfo=None)


def _fill_profiles(conn) -> None:
    shown: dict[int, list[dict]] = {}
    for t in conn.execute(sa.select(_team.c.id, _team.c.owner_id, _team.c.title, _team.c.summary, _team.c.skills_wanted)
                          .order_by(_team.c.owner_id, _team.c.created_at.desc(), _team.c.id.desc())):
        mine = shown.setdefault(t.owner_id, [])
        if len(mine) < SHOWN_MAX:
            mine.append({"id": t.id, "title": t.title, "description": t.summary or "",
                         "wants": [s["name"] for s in (t.skills_wanted or []) if isinstance(s, dict) and s.get("name")]})
    for owner_id, projects in shown.items():  # the newest SHOWN_MAX, listed oldest first
        conn.execute(sa.update(_profile).where(_profile.c.user_id == owner_id).values(current_projects=projects[::-1], project_count=len(projects)))


def _index_skills(conn) -> None:
    rows = []
    for t in conn.execute(sa.select(_team.c.id, _team.c.skills_wanted)):
        keys = {s["key"][:40] for s in (t.skills_wanted or []) if isinstance(s, dict) and s.get("key")}
        rows += [{"project_id": t.id, "key": k} for k in sorted(keys)]
    if rows:
        conn.execute(sa.insert(sa.table("project_skill", sa.column("project_id"), sa.column("key"))), rows)


def downgrade() -> None:
    with op.batch_alter_table('project_skill', schema=None) as batch_op:
        batch_op.drop_index('ix_project_skill_key_project')
    op.drop_table('project_skill')
    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('skills_wanted', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_project_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project'))
    )
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_user_id'), ['user_id'], unique=False)
    conn = op.get_bind()
    conn.execute(sa.update(_team).values(source_project_id=None))
    for t in conn.execute(sa.select(_team).order_by(_team.c.id)).all():
        names = [s["name"] for s in (t.skills_wanted or []) if isinstance(s, dict) and s.get("name")]
        new_id = conn.execute(sa.insert(_project).values(
            user_id=t.owner_id, title=t.title[:100], description=t.summary or "", skills_wanted=names,
            created_at=t.created_at, updated_at=t.updated_at,
        ).returning(_project.c.id)).scalar_one()
        conn.execute(sa.update(_team).where(_team.c.id == t.id).values(source_project_id=new_id))
    with op.batch_alter_table('team_project', schema=None) as batch_op:
        batch_op.drop_column('redaction_version')
        batch_op.drop_column('skills_public')
        batch_op.drop_column('summary_public')
        batch_op.drop_column('title_public')
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.drop_column('project_count')
        batch_op.drop_column('current_projects')
