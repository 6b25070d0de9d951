"""Demo conversations between seeded collaborators, sent through the same service as the UI (so the
rules hold and the rows are valid): the demo login has a conversation with each collaborator, spread
over a few days (day separators), some read ("Seen") and the newest ones unread (the nav badge).
Keys are deterministic, so seeding again stores nothing twice."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.messaging.services import messages
from engnest.network.models import Collaboration
from engnest.network.services import relations

# (hours before now, from the demo user?, text), and how many of the last lines stay unread.
SCRIPTS = [
    (
        [
            (50, False, "Thanks for accepting! Looking forward to seeing the test rig."),
            (49.5, True, "Likewise. I'll bring the strain gauges and the laptop with the logging software."),
            (26, False, "Great. The library has a bookable room with a whiteboard: https://www.example.org/rooms"),
            (25.8, True, "Perfect, booked it for us."),
            (0.6, False, "Running 10 minutes late, sorry! Order me a flat white?"),
        ],
        1,
    ),
    (
        [
            (30, True, "Hi! Could you send the CAD files before we meet?"),
            (29, False, "Sure, exporting them as STEP now."),
            (1.2, False, "Sent. The bracket is the one that cracked in the fatigue test."),
            (1.1, False, "Curious what you think about the fillet radius."),
        ],
        2,
    ),
    (
        [
            (72, False, "Good call yesterday. Shall we write up the sensor comparison together?"),
            (71, True, "Yes! I'll start a shared doc tonight."),
        ],
        0,
    ),
]
PAIR_SCRIPT = [
    (5, False, "Yokohama or Tokyo next time? The café near the station was great."),
    (4.5, True, "Let's try somewhere halfway again. I'll check the map."),
]


def _play(session: Session, me: User, other: User, script, now: dt.datetime, unread_tail: int) -> int:
    stored = 0
    for i, (hours_ago, mine, text) in enumerate(script):
        sender, recipient = (me, other) if mine else (other, me)
        at = now - dt.timedelta(hours=hours_ago)
        read = i < len(script) - unread_tail
        conversation_id = messages.open_direct(session=session, me=sender.id, peer=recipient.id, now=at)
        sent = messages.send_message(  # an unread one also leaves its "new message" notification
            session=session, sender_id=sender.id, conversation_id=conversation_id, body=text,
            client_key=f"seed-{min(me.id, other.id)}-{max(me.id, other.id)}-{i}", now=at, recipient_viewing=read,
        )
        stored += int(sent.created)
        if read:  # read a couple of minutes after it arrived
            messages.mark_read(session=session, reader_id=recipient.id, conversation_id=conversation_id, now=at + dt.timedelta(minutes=2))
    return stored


def seed_messages(*, session: Session, demo_email: str, now: dt.datetime) -> int:
    """Returns how many messages were stored."""
    demo = session.exec(select(User).where(User.email == demo_email)).first()
    if demo is None:
        return 0
    stored = 0
    for peer_id, (script, unread_tail) in zip(sorted(relations.collaborator_ids(session=session, user_id=demo.id)), SCRIPTS):
        stored += _play(session, demo, session.get(User, peer_id), script, now, unread_tail)
    others = session.exec(
        select(Collaboration.user_low_id, Collaboration.user_high_id).where(
            Collaboration.user_low_id != demo.id, Collaboration.user_high_id != demo.id
        )
    ).all()
    for low, high in others:
        stored += _play(session, session.get(User, low), session.get(User, high), PAIR_SCRIPT, now, 0)
    return stored
