"""Meeting credits: an append-only ledger, and purchases made through a payment provider."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from engnest.platform.columns import aware_column, created_at_field, fk


class CreditEntry(SQLModel, table=True):
    """One change to a user's credits. Rows are only ever inserted; the balance is the sum of `delta`.

    `key` makes each business event count once (a replayed webhook, a double click, a retried job):
    e.g. 'purchase:stripe:cs_123', 'hold:meeting:42', 'refund:meeting:42'.
    """

    __tablename__ = "credit_entry"
    __table_args__ = (sa.Index("ix_credit_entry_user_id_id", "user_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=fk("user_account.id", index=False))
    delta: int
    kind: str = Field(max_length=16)
    key: str = Field(sa_column=sa.Column(sa.String(160), unique=True, nullable=False))
    meeting_id: int | None = Field(default=None, sa_column=fk("meeting.id", ondelete="SET NULL", index=False, nullable=True))
    purchase_id: int | None = Field(default=None, sa_column=fk("credit_purchase.id", ondelete="SET NULL", index=False, nullable=True))
    note: str = Field(default="", max_length=200)
    created_at: dt.datetime = created_at_field()


class CreditPurchase(SQLModel, table=True):
    """A checkout started with a payment provider; credited once when the provider confirms payment."""

    __tablename__ = "credit_purchase"
    __table_args__ = (sa.UniqueConstraint("provider", "external_id", name="uq_credit_purchase_provider_external"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=fk("user_account.id"))
    provider: str = Field(max_length=16)
    external_id: str | None = Field(default=None, max_length=200)
    pack: str = Field(max_length=16)
    credits: int
    amount_cents: int
    currency: str = Field(max_length=3)
    status: str = Field(default="pending", max_length=16, description="pending | paid | expired")
    created_at: dt.datetime = created_at_field()
    paid_at: dt.datetime | None = Field(default=None, sa_column=aware_column(nullable=True))
