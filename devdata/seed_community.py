"""Demo community: a few lively rooms with a week of chat, so a new user sees a living community (issue 13).

Rooms are made and joined through the same services as the UI (names, tags, roles, pseudonyms, member counts);
messages are stored with the room chat's own `do_send` at past times (a seed is not a person typing, so the live
rate limits, which count real seconds, are not in its way). The demo login owns one room, moderates another, and
finds a report waiting in /moderation. Keys are deterministic (uuid5), so seeding again stores nothing twice."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from sqlmodel import Session, select

from engnest.accounts.models import User
from engnest.community.domain import permissions as perm
from engnest.community.domain.rooms import check_settings
from engnest.community.models import Room
from engnest.community.services import reports, room_chat, rooms
from engnest.messaging.domain.messages import clean_body
from engnest.platform.domain.errors import ValidationFailed

SEED_KEYS = uuid.UUID("6f1c2a8e-1d3b-4e59-9a7c-5b0d9e3f2a10")

# name, topic, tags, visibility, lines (each spoken by one of the room's members in turn)
ROOMS: list[tuple[str, str, str, str, list[str]]] = [
    ("FEA clinic", "Meshing, boundary conditions and why your stresses look wrong", "fea abaqus ansys", "public", [
        "Anyone else get singular stresses at re-entrant corners? Refining the mesh just makes it worse.",
        "That's expected: a sharp corner is a singularity. Add the real fillet radius or read the stress a bit away from it.",
        "Our fillet is 0.5 mm, so I'll model it and do a convergence study.",
        "Plot peak stress against element size; if it levels off you're fine.",
        "Second-order tets made a big difference for us on thin brackets.",
        "Does anyone have a good rule for contact stiffness in Abaqus? Penalty keeps giving me chatter.",
        "Start with the default and scale down by 10 until the penetration is acceptable; check the energy balance.",
        "Linear buckling or nonlinear for a thin-walled cylinder under axial load?",
        "Nonlinear with an imperfection from the first buckling mode. The linear result is badly unconservative for shells.",
        "Thanks, the knockdown factor explains the test result we couldn't match.",
        "Reminder: Thursday evening session on modal analysis of the drone frame.",
        "I'll bring the tap-test data so we can compare with the model.",
    ]),
    ("PCB review", "Post your layout, get honest feedback", "pcb kicad emc", "public", [
        "First 4-layer board: signal / ground / power / signal. Is that a sane stack-up?",
        "Put ground on layers 2 and 3 if you can; a solid reference under every signal layer helps EMC a lot.",
        "Your buck converter's hot loop is huge. Move the input cap right next to the switch node.",
        "Good catch, I'll rotate the inductor and shorten it.",
        "Do you need stitching vias along the board edge?",
        "For a 50 MHz clock, a row every few millimetres near the edge is cheap insurance.",
        "KiCad 8's length tuning works well for the DDR lines, by the way.",
        "Anyone tried the JLC impedance calculator? It matched my TDR within 3 ohms.",
        "Rev B came back and passed conducted emissions first time. Thanks all!",
        "Nice! Share the before/after scans sometime.",
    ]),
    ("Bridges and structures", "Civil and structural chat: spans, codes, site stories", "civil structural eurocode", "public", [
        "Timber footbridge, 12 m span: glulam beams or a steel truss?",
        "Glulam is lovely for that span; watch the deflection limits for pedestrian vibration.",
        "What footfall frequency do you design for?",
        "Check the first vertical mode stays above 5 Hz, or do a proper footfall analysis.",
        "Site story: the survey was 200 mm off because someone used the wrong benchmark.",
        "Classic. Always tie in to two benchmarks.",
        "Eurocode 5 service class 3 for an exposed bridge, I assume?",
        "Yes, and detail it so water drains away from the end grain.",
        "Found a great guide on bearing details for small bridges; I'll link it after work.",
    ]),
    ("Makers after hours", "Side projects, 3D printing and weekend builds", "3d-printing arduino robotics", "public", [
        "Printed PETG brackets are creeping under load in the greenhouse. Ideas?",
        "Try ASA or anneal PLA+; PETG softens well below what the datasheet suggests in sun.",
        "My rover finally follows the row of tomatoes on its own!",
        "Video or it didn't happen :)",
        "Uploading tonight. ROS 2 on a Pi 4 was enough, barely.",
        "Anyone want to team up for the hardware hackathon next month?",
        "Count me in, I can do the mechanical side.",
        "I'll handle firmware. We need someone for the app.",
        "Recycled filament experiment: bottle PET extrudes fine if you dry it for 6 hours.",
        "Saving this thread.",
    ]),
]
REPORTED_LINE = "DM me for cheap certified CAD courses, 90% off today only!!!"


def _key(room_name: str, i: int) -> str:
    return str(uuid.uuid5(SEED_KEYS, f"{room_name}/{i}"))


def _room_id(session: Session, name: str) -> int | None:
    return session.exec(select(Room.id).where(Room.name == name)).first()


def _say(session: Session, room_id: int, user_id: int, text: str, key: str, at: dt.datetime) -> int:
    member = rooms.membership(session=session, room_id=room_id, user_id=user_id)
    request = room_chat.SendRoomMessage(member, clean_body(text), key)
    return room_chat.do_send(session=session, request=request, now=at).id


def seed_community(*, session: Session, demo_email: str, now: dt.datetime, rng_seed: int = 2026) -> int:
    """The demo rooms, their members and a week of messages; returns how many rooms were made."""
    rng = random.Random(rng_seed)
    people = list(session.exec(select(User.id).where(User.email.like("engineer%@demo.engnest.dev")).order_by(User.id)).all())
    demo = session.exec(select(User.id).where(User.email == demo_email)).first()
    if demo is None or len(people) < 20:
        return 0
    made = 0
    for n, (name, topic, tags, visibility, lines) in enumerate(ROOMS):
        if _room_id(session, name) is not None:
            continue
        owner = demo if n == 0 else people[n]
        created = now - dt.timedelta(days=8)
        settings = check_settings(name=name, topic=topic, tags=tags, visibility=visibility)
        room_id = rooms.do_create_room(session=session, request=rooms.CreateRoom(owner, settings), now=created)
        others = [p for p in people if p != owner]
        crowd = rng.sample(others, min(14 + 3 * n, len(others)))  # a small seed (tests) has fewer people
        if n == 1:
            crowd = [demo, *crowd]
        for who in crowd:
            rooms.do_join(session=session, request=rooms.check_join(session=session, user_id=who, room_id=room_id), now=created)
        moderator = demo if n == 1 else crowd[0]
        if rooms.role_of(session=session, room_id=room_id, user_id=moderator) == perm.MEMBER:
            rooms.do_set_role(session=session, request=rooms.check_set_role(
                session=session, actor_id=owner, room_id=room_id, user_id=moderator, role=perm.MODERATOR), now=created)
        speakers = [owner, *crowd[:6]]
        for i, text in enumerate(lines):  # spread over the past week, the newest a few hours ago
            at = now - dt.timedelta(days=7) + dt.timedelta(hours=(7 * 24 - 3) * i / max(len(lines) - 1, 1))
            _say(session, room_id, speakers[i % len(speakers)], text, _key(name, i), at)
        if n == 0:  # a spammer's line, reported by two members: the demo login (owner) finds it in /moderation
            spammer = crowd[-1]
            spam_at = now - dt.timedelta(hours=2)
            message_id = _say(session, room_id, spammer, REPORTED_LINE, _key(name, 999), spam_at)
            for reporter in crowd[1:3]:
                try:
                    reports.do_report(session=session, request=reports.check_report(
                        session=session, reporter_id=reporter, kind="message", target_id=message_id, reason="spam", now=spam_at), now=spam_at)
                except ValidationFailed as exc:  # a limit the seed should not hit: say so, keep going
                    print(f"seed: report not filed: {exc}")
        made += 1
    return made
