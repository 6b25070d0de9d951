"""Posts, their votes, tags and comments; reactions and replies on room messages.

The feed is read by keyset over indexes only: `hot` (domain.posts.hot: fixed at a vote, not at a read) and `score`
are stored on the post and copied onto its tag rows, so "hot in #python" is a walk down (tag, hot, post_id)
exactly as "hot everywhere" is a walk down (hot, id). Nothing per read grows with the number of posts.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk


class Post(SQLModel, table=True):
    __tablename__ = "post"
    __table_args__ = (
        sa.Index("ix_post_hot", "hot", "id"),
        sa.Index("ix_post_score", "score", "id"),
        sa.Index("ix_post_created", "created_at", "id"),
        sa.Index("ix_post_room_hot", "room_id", "hot", "id"),
        sa.Index("ix_post_room_score", "room_id", "score", "id"),
        sa.Index("ix_post_room_new", "room_id", "id"),
        sa.Index("ix_post_author", "author_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    author_id: int = Field(sa_column=fk("user_account.id", index=False))
    room_id: int | None = Field(default=None, sa_column=fk("room.id", index=False, nullable=True))
    title: str = Field(max_length=200)
    body: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    code: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    language: str = Field(default="", max_length=16)
    tags: str = Field(default="", max_length=200, description="' tag1 tag2 '")
    score: int = 0
    ups: int = 0
    downs: int = 0
    comment_count: int = 0
    hot: float = Field(default=0.0, sa_column=sa.Column(sa.Float, nullable=False))
    created_at: dt.datetime = created_at_field()
    edited_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))


class PostTag(SQLModel, table=True):
    """One row per tag of a post, carrying the post's sort keys (kept in step by every vote)."""

    __tablename__ = "post_tag"
    __table_args__ = (
        sa.Index("ix_post_tag_hot", "tag", "hot", "post_id"),
        sa.Index("ix_post_tag_score", "tag", "score", "post_id"),
        sa.Index("ix_post_tag_post", "post_id"),
    )

    tag: str = Field(sa_column=sa.Column(sa.String(24), primary_key=True))
    post_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("post.id", ondelete="CASCADE"), primary_key=True))
    hot: float = Field(default=0.0, sa_column=sa.Column(sa.Float, nullable=False))
    score: int = 0
    created_at: dt.datetime = created_at_field()


class PostVote(SQLModel, table=True):
    __tablename__ = "post_vote"

    post_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("post.id", ondelete="CASCADE"), primary_key=True))
    user_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True))
    value: int = 0
    created_at: dt.datetime = created_at_field()


class Comment(SQLModel, table=True):
    __tablename__ = "post_comment"
    __table_args__ = (sa.Index("ix_post_comment_post", "post_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(sa_column=fk("post.id", index=False))
    parent_id: int | None = Field(default=None, sa_column=fk("post_comment.id", ondelete="SET NULL", index=False, nullable=True))
    author_id: int = Field(sa_column=fk("user_account.id", index=False))
    body: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    depth: int = 0
    created_at: dt.datetime = created_at_field()
    edited_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
    deleted_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))


class MessageReaction(SQLModel, table=True):
    """A reaction on a room message: one row per person and emoji."""

    __tablename__ = "message_reaction"

    message_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("message.id", ondelete="CASCADE"), primary_key=True))
    user_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True))
    emoji: str = Field(sa_column=sa.Column(sa.String(8), primary_key=True))
    created_at: dt.datetime = created_at_field()


class MessageReply(SQLModel, table=True):
    """A room message that replies to an earlier one in the same room."""

    __tablename__ = "message_reply"

    message_id: int = Field(sa_column=sa.Column(sa.Integer, sa.ForeignKey("message.id", ondelete="CASCADE"), primary_key=True))
    reply_to_id: int | None = Field(default=None, sa_column=fk("message.id", ondelete="SET NULL", index=False, nullable=True))
