"""Bulk-seed direct messages as the conversations model stores them (bench helper, not a test).

`seed_direct(conn, rows)` takes DM rows ({sender_id, recipient_id, body, client_key, created_at, read}) and
writes one `conversation` per pair (its `direct_key` "low:high", as `messages.open_direct` makes it), the two
`conversation_member` rows, and the `message` rows in `created_at` order (ids follow time, as they do live).
Each member's read position is their newest message received with `read` true, so unread counts and the
"Seen" line match what the rows say. Returns {(low, high): conversation_id}.
"""

from __future__ import annotations

import sqlalchemy as sa

from engnest.messaging.models import Conversation, ConversationMember, Message

CHUNK = 20_000


def _next_id(conn: sa.Connection, table: sa.Table) -> int:
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one()) + 1


def _insert(conn: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.execute(sa.insert(table), rows[start:start + CHUNK])


def seed_direct(conn: sa.Connection, rows: list[dict]) -> dict[tuple[int, int], int]:
    conversations, members, messages = Conversation.__table__, ConversationMember.__table__, Message.__table__
    ordered = sorted(rows, key=lambda r: r["created_at"])
    pairs: dict[tuple[int, int], int] = {}
    first: dict[tuple[int, int], object] = {}
    for row in ordered:
        pair = (min(row["sender_id"], row["recipient_id"]), max(row["sender_id"], row["recipient_id"]))
        first.setdefault(pair, row["created_at"])
    next_conversation = _next_id(conn, conversations)
    for offset, pair in enumerate(first):
        pairs[pair] = next_conversation + offset
    _insert(conn, conversations, [
        {"id": cid, "kind": "direct", "direct_key": f"{low}:{high}", "created_at": first[(low, high)]} for (low, high), cid in pairs.items()
    ])
    next_message = _next_id(conn, messages)
    read_up_to: dict[tuple[int, int], int] = {}  # (conversation, reader) -> newest read message id
    batch = []
    for i, row in enumerate(ordered):
        pair = (min(row["sender_id"], row["recipient_id"]), max(row["sender_id"], row["recipient_id"]))
        mid = next_message + i
        batch.append({"id": mid, "conversation_id": pairs[pair], "sender_id": row["sender_id"], "body": row["body"],
                      "client_key": row["client_key"], "created_at": row["created_at"]})
        if row.get("read"):
            read_up_to[(pairs[pair], row["recipient_id"])] = mid
    _insert(conn, messages, batch)
    _insert(conn, members, [
        {"conversation_id": cid, "user_id": user, "joined_at": first[pair],
         "last_read_message_id": read_up_to.get((cid, user)), "last_read_at": first[pair] if (cid, user) in read_up_to else None}
        for pair, cid in pairs.items() for user in pair
    ])
    if conn.dialect.name == "postgresql":
        for table in ("conversation", "conversation_member", "message"):
            conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    return pairs
