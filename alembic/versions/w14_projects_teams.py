"""projects and teams: first-class projects, members, join requests, tasks; profile projects move in

Issue 14. A project was a few fields on the owner's profile (table `project`: title, description, skills wanted).
It becomes a `team_project` with disciplines, skills wanted with a level, stage, collaboration preference, city or
online and links, an owner member row, join requests/invitations, a task board and a linked GitHub repository.

Data: every profile project is copied into `team_project` (owner = its user; summary = description; discipline =
the owner's; each skill wanted at level "intermediate"; stage "idea"; preference and city from the owner's profile,
online when the owner prefers online or has no city; no links: profile links are private, project links are public)
with `source_project_id` pointing at it, and the owner gets an "owner" member row. The `project` table stays: the
profile page's projects editor and the person cards still read it until the profile reads through the projects
service (see docs/projects.md). Downgrade drops the new tables; the profile projects were never touched.

Revision ID: w14_projects_teams
Revises: w12_calls
"""
from typing import Sequence, Union

from alembic import op
import re

import sqlalchemy as sa


revision: str = 'w14_projects_teams'
down_revision: Union[str, Sequence[str], None] = 'w12_calls'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('team_project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('summary', sa.Text(), server_default='', nullable=False),
    sa.Column('disciplines', sa.JSON(), nullable=False),
    sa.Column('skills_wanted', sa.JSON(), nullable=False),
    sa.Column('skill_keys', sa.String(length=600), server_default='', nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('preference', sa.String(length=16), nullable=False),
    sa.Column('online', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('city', sa.String(length=120), server_default='', nullable=False),
    sa.Column('city_key', sa.String(length=120), server_default='', nullable=False),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('source_project_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_team_project_owner_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_project')),
    sa.UniqueConstraint('source_project_id', name=op.f('uq_team_project_source_project_id'))
    )
    with op.batch_alter_table('team_project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_project_city_key'), ['city_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_project_online'), ['online'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_project_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index('ix_team_project_stage_created', ['stage', 'created_at'], unique=False)
        batch_op.create_index('ix_team_project_created', ['created_at', 'id'], unique=False)

    op.create_table('project_join_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('note', sa.String(length=500), server_default='', nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('invited_by', sa.Integer(), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['decided_by'], ['user_account.id'], name=op.f('fk_project_join_request_decided_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invited_by'], ['user_account.id'], name=op.f('fk_project_join_request_invited_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['team_project.id'], name=op.f('fk_project_join_request_project_id_team_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_project_join_request_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_join_request'))
    )
    with op.batch_alter_table('project_join_request', schema=None) as batch_op:
        batch_op.create_index('ix_project_join_request_project_status', ['project_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_join_request_user_id'), ['user_id'], unique=False)

    op.create_table('project_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['team_project.id'], name=op.f('fk_project_member_project_id_team_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_project_member_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_member')),
    sa.UniqueConstraint('project_id', 'user_id', name='uq_project_member')
    )
    with op.batch_alter_table('project_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_member_user_id'), ['user_id'], unique=False)

    op.create_table('project_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['user_account.id'], name=op.f('fk_project_task_assignee_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by'], ['user_account.id'], name=op.f('fk_project_task_created_by_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['team_project.id'], name=op.f('fk_project_task_project_id_team_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_task'))
    )
    with op.batch_alter_table('project_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_task_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_project_task_project_id'), ['project_id'], unique=False)

    op.create_table('project_repo',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=140), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('stars', sa.Integer(), nullable=False),
    sa.Column('open_issues', sa.Integer(), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('last_commit_sha', sa.String(length=40), nullable=False),
    sa.Column('last_commit_message', sa.String(length=300), server_default='', nullable=False),
    sa.Column('last_commit_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('etags', sa.JSON(), nullable=False),
    sa.Column('synced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('retry_after', sa.DateTime(timezone=True), nullable=True),
    sa.Column('message', sa.String(length=300), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['team_project.id'], name=op.f('fk_project_repo_project_id_team_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', name=op.f('pk_project_repo'))
    )
    _move_profile_projects()


def downgrade() -> None:
    op.drop_table('project_repo')
    with op.batch_alter_table('project_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_task_project_id'))
        batch_op.drop_index(batch_op.f('ix_project_task_assignee_id'))

    op.drop_table('project_task')
    with op.batch_alter_table('project_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_member_user_id'))

    op.drop_table('project_member')
    with op.batch_alter_table('project_join_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_join_request_user_id'))
        batch_op.drop_index('ix_project_join_request_project_status')

    op.drop_table('project_join_request')
    with op.batch_alter_table('team_project', schema=None) as batch_op:
        batch_op.drop_index('ix_team_project_stage_created')
        batch_op.drop_index('ix_team_project_created')
        batch_op.drop_index(batch_op.f('ix_team_project_owner_id'))
        batch_op.drop_index(batch_op.f('ix_team_project_online'))
        batch_op.drop_index(batch_op.f('ix_team_project_city_key'))

    op.drop_table('team_project')


def _skill_key(name: str) -> str:  # as engnest.profiles.domain.profile.skill_key at this revision
    return re.sub(r"[\s\-_]+", "", name.lower())


def _move_profile_projects() -> None:
    conn = op.get_bind()
    project, profile = sa.table(
        "project", sa.column("id"), sa.column("user_id"), sa.column("title"), sa.column("description"),
        sa.column("skills_wanted", sa.JSON), sa.column("created_at"), sa.column("updated_at"),
    ), sa.table("profile", sa.column("user_id"), sa.column("discipline"), sa.column("preference"), sa.column("city_name"))
    team = sa.table(
        "team_project", sa.column("id"), sa.column("owner_id"), sa.column("title"), sa.column("summary"),
        sa.column("disciplines", sa.JSON), sa.column("skills_wanted", sa.JSON), sa.column("skill_keys"), sa.column("stage"),
        sa.column("preference"), sa.column("online"), sa.column("city"), sa.column("city_key"), sa.column("links", sa.JSON),
        sa.column("source_project_id"), sa.column("created_at"), sa.column("updated_at"),
    )
    member = sa.table("project_member", sa.column("project_id"), sa.column("user_id"), sa.column("role"), sa.column("joined_at"))
    rows = conn.execute(
        sa.select(project, profile.c.discipline, profile.c.preference, profile.c.city_name)
        .select_from(project.outerjoin(profile, profile.c.user_id == project.c.user_id))
        .order_by(project.c.id)
    ).all()
    for r in rows:
        wanted = [w for w in (r.skills_wanted or []) if isinstance(w, str) and w.strip()]
        keys = list(dict.fromkeys(_skill_key(w) for w in wanted))
        city = (r.city_name or "").strip()
        online = r.preference == "online" or not city
        new_id = conn.execute(sa.insert(team).values(
            owner_id=r.user_id, title=r.title, summary=r.description or "", disciplines=[r.discipline or "other"],
            skills_wanted=[{"name": w.strip(), "key": _skill_key(w), "level": "intermediate"} for w in wanted],
            skill_keys=f" {' '.join(keys)} " if keys else "", stage="idea",
            preference=r.preference if r.preference in ("in_person", "online", "hybrid") else "hybrid",
            online=online, city="" if online else city, city_key="" if online else city.lower(), links=[],
            source_project_id=r.id, created_at=r.created_at, updated_at=r.updated_at,
        ).returning(team.c.id)).scalar_one()
        conn.execute(sa.insert(member).values(project_id=new_id, user_id=r.user_id, role="owner", joined_at=r.created_at))
