"""Conversations against the old pairs, on the same data in the same run (SQLite): one person with 200
collaborators, both people writing in every conversation, the newest `--unread` messages to that person unread.

    python bench/conversations.py                       # 200,000 messages, 2,000 unread
    python bench/conversations.py --messages 20000 --unread 10000

The database is built at the revision before conversations (`direct_message` pair rows) and the old code's
queries are timed as SQL; then `w11_conversations` migrates it (timed) and the new services are timed on the
very same rows. Prints the mean of `--runs` calls per query.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session  # noqa: E402

from engnest.messaging.services import message_views  # noqa: E402
from engnest.migrations import upgrade  # noqa: E402
from engnest.platform.db import make_engine  # noqa: E402

BEFORE = "w11_reshape_notif_subject"
PEERS = 200
T = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
OLD = {
    "thread page (newest 30 before an id)": "SELECT * FROM direct_message WHERE ((sender_id=1 AND recipient_id=7) OR "
    "(sender_id=7 AND recipient_id=1)) AND id < :before ORDER BY id DESC LIMIT 31",
    "nav badge: unread total": "SELECT count(*) FROM direct_message WHERE recipient_id=1 AND read_at IS NULL AND sender_id IN "
    "(SELECT user_high_id FROM collaboration WHERE user_low_id=1 UNION ALL SELECT user_low_id FROM collaboration WHERE user_high_id=1) "
    "AND sender_id NOT IN (SELECT blocked_id FROM block WHERE blocker_id=1 UNION ALL SELECT blocker_id FROM block WHERE blocked_id=1)",
    "list: unread per conversation": "SELECT sender_id, count(*) FROM direct_message WHERE recipient_id=1 AND read_at IS NULL GROUP BY sender_id",
    "list: last message per conversation": "SELECT max(id) FROM direct_message WHERE sender_id=1 OR recipient_id=1 "
    "GROUP BY CASE WHEN sender_id=1 THEN recipient_id ELSE sender_id END",
}


def _old_database(url: str, messages: int, unread: int) -> None:
    upgrade(url, BEFORE)
    engine = make_engine(url)
    with engine.begin() as c:
        c.execute(sa.text(
            "INSERT INTO user_account (id,email,timezone,password_hash,birth_date,timezone_auto,email_notifications,created_at,"
            "password_changed_at) VALUES " + ",".join(f"({i},'u{i}@x','UTC','x','1990-01-01',1,1,'2026-01-01','2026-01-01')" for i in range(1, PEERS + 2))
        ))
        c.execute(sa.text("INSERT INTO collaboration (user_low_id,user_high_id,created_at) VALUES "
                          + ",".join(f"(1,{i},'2026-01-01')" for i in range(2, PEERS + 2))))
        rows = []
        for n in range(messages):
            peer, mine = 2 + (n // 2) % PEERS, n % 2 == 1  # both people write in every conversation
            rows.append({"s": 1 if mine else peer, "r": peer if mine else 1, "k": f"k{n}", "t": T + dt.timedelta(seconds=n),
                         "rd": None if (n >= messages - unread and not mine) else T})
        c.execute(sa.text("INSERT INTO direct_message (sender_id,recipient_id,body,client_key,created_at,read_at) "
                          "VALUES (:s,:r,'hello',:k,:t,:rd)"), rows)
    engine.dispose()


def _timed(label: str, fn, runs: int) -> None:
    fn()
    start = time.perf_counter()
    for _ in range(runs):
        fn()
    print(f"{label:62s} {(time.perf_counter() - start) / runs * 1000:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--unread", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    _old_database(url, args.messages, args.unread)
    before = args.messages - 1000
    engine = make_engine(url)
    with Session(engine) as s:
        for label, query in OLD.items():
            _timed(f"old pairs       {label}", lambda q=query: s.execute(sa.text(q), {"before": before}).all(), args.runs)
    engine.dispose()
    start = time.perf_counter()
    upgrade(url, "heads")
    print(f"migration of {args.messages:,} messages: {time.perf_counter() - start:.1f} s")
    engine = make_engine(url)
    with Session(engine) as s:
        cid = message_views.direct_conversation_id(session=s, a=1, b=7)
        assert cid is not None
        ids = [c for c in (message_views.direct_conversation_id(session=s, a=1, b=p) for p in range(2, PEERS + 2)) if c]
        _timed("conversations   thread page (newest 30 before an id)", lambda: message_views.thread_page(session=s, conversation_id=cid, before_id=before), args.runs)
        _timed("conversations   nav badge: unread total", lambda: message_views.unread_total(session=s, user_id=1), args.runs)
        _timed("conversations   list: unread per conversation", lambda: message_views.unread_counts(session=s, me=1, conversation_ids=ids), args.runs)
        _timed("conversations   list: last message per conversation", lambda: message_views._last_messages(s, ids), args.runs)
        _timed("conversations   the whole list (list_conversations)", lambda: message_views.list_conversations(session=s, user_id=1), args.runs)
    engine.dispose()


if __name__ == "__main__":
    main()
