"""Demo data: about 200 engineers across disciplines, statuses and cities, plus one demo login.

    python -m devdata.seed            # only if the database has no users yet
    python -m devdata.seed --force    # add the demo users even if there are users

Users live in cities where the bundled meeting-place data has coverage (US, England, Japan,
Australia), often in neighbouring cities so halfway meeting spots make sense. Every profile goes
through the same validating services as the UI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets

import sqlalchemy as sa
from faker import Faker
from sqlmodel import Session

from devdata.seed_community import seed_community
from devdata.seed_meetings import seed_meetings
from devdata.seed_messages import seed_messages
from engnest import features
from engnest.accounts.models import User
from engnest.accounts.services import accounts, passwords
from engnest.meetings.services import availability
from engnest.network.services import friends
from engnest.platform.clock import utcnow
from engnest.platform.db import unit_of_work
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.places.gazetteer import gazetteer
from engnest.profiles.domain.catalog import DISCIPLINES
from engnest.profiles.services import profiles
from engnest.projects.services import owner_projects

DEMO_EMAIL = "demo@engnest.dev"
DEMO_PASSWORD = "demo-nest-2026!"
# bcrypt (12 rounds) of DEMO_PASSWORD, made once: the password is public, so its hash is too, and the seed skips a
# quarter-second hash. tests/services/test_seed.py checks that it verifies.
DEMO_PASSWORD_HASH = "$2b$12$T2mAWQlMRUGJn.vDy9dS8OP6mF3lSQA58cN6Zan7FOyP53IKkzgpy"
DEMO_COUNT = 200

# (city, faker locale). Clustered so that neighbours exist for in-person meetings.
CITIES: list[tuple[str, str]] = [
    ("New York City, New York, United States", "en_US"),
    ("Newark, New Jersey, United States", "en_US"),
    ("Jersey City, New Jersey, United States", "en_US"),
    ("Boston, Massachusetts, United States", "en_US"),
    ("Cambridge, Massachusetts, United States", "en_US"),
    ("Chicago, Illinois, United States", "en_US"),
    ("Evanston, Illinois, United States", "en_US"),
    ("San Francisco, California, United States", "en_US"),
    ("Oakland, California, United States", "en_US"),
    ("San Jose, California, United States", "en_US"),
    ("Seattle, Washington, United States", "en_US"),
    ("Austin, Texas, United States", "en_US"),
    ("Denver, Colorado, United States", "en_US"),
    ("London, United Kingdom", "en_GB"),
    ("Reading, United Kingdom", "en_GB"),
    ("Oxford, United Kingdom", "en_GB"),
    ("Cambridge, United Kingdom", "en_GB"),
    ("Manchester, United Kingdom", "en_GB"),
    ("Leeds, United Kingdom", "en_GB"),
    ("Birmingham, United Kingdom", "en_GB"),
    ("Bristol, United Kingdom", "en_GB"),
    ("Tokyo, Japan", "ja_JP"),
    ("Yokohama, Japan", "ja_JP"),
    ("Kawasaki, Japan", "ja_JP"),
    ("Osaka, Japan", "ja_JP"),
    ("Kyoto, Japan", "ja_JP"),
    ("Kobe, Japan", "ja_JP"),
    ("Sydney, Australia", "en_AU"),
    ("Melbourne, Australia", "en_AU"),
    ("Brisbane, Australia", "en_AU"),
]

SKILLS_BY_DISCIPLINE: dict[str, list[str]] = {
    "aerospace": ["Aerodynamics", "CFD", "Propulsion", "CATIA", "Composites", "MATLAB", "Avionics"],
    "biomedical": ["Bioinstrumentation", "Tissue Engineering", "MATLAB", "Python", "SolidWorks", "Signal Processing"],
    "chemical": ["Process Design", "Chemical Process Control", "Polymer Chemistry", "MATLAB", "Heat Transfer", "Six Sigma"],
    "civil": ["Structural Analysis", "AutoCAD", "Revit", "BIM", "Surveying", "Geotechnics", "GIS"],
    "electrical": ["Circuit Design", "PCB Design", "Power Electronics", "Embedded Systems", "Battery Systems", "Solar PV"],
    "electronic": ["PCB Design", "FPGA", "Verilog", "Microcontrollers", "Signal Processing", "C"],
    "environmental": ["Water Treatment", "GIS", "Data Analysis", "Python", "Wind Energy", "Solar PV"],
    "mechanical": ["SolidWorks", "FEA", "CAD", "Thermodynamics", "CNC Machining", "3D Printing", "Mechanical Design"],
    "mechatronics": ["Arduino", "ROS", "Control Systems", "Embedded Systems", "C++", "3D Printing"],
    "robotics": ["ROS", "Computer Vision", "C++", "Python", "Control Systems", "Drone Design"],
    "software": ["Python", "TypeScript", "Rust", "Go", "SQL", "Docker", "Kubernetes", "Machine Learning"],
    "structural": ["Structural Analysis", "FEA", "Revit", "AutoCAD", "BIM"],
    "industrial": ["Lean Manufacturing", "Six Sigma", "Data Analysis", "Project Management", "Reliability Engineering"],
    "materials": ["Materials Testing", "Composites", "Polymer Chemistry", "FEA", "3D Printing"],
    "systems": ["Simulink", "MATLAB", "Reliability Engineering", "Project Management", "Python"],
}

PROJECT_IDEAS: dict[str, list[tuple[str, str, list[str]]]] = {
    "aerospace": [("Student CubeSat bus", "A 1U CubeSat power and attitude board for a university launch slot.", ["PCB Design", "Embedded Systems", "MATLAB"])],
    "biomedical": [("Low-cost ECG patch", "A wearable single-lead ECG patch for rural clinics.", ["PCB Design", "Signal Processing", "Python"])],
    "chemical": [("Bench-top biodiesel rig", "A safe teaching rig that turns waste cooking oil into biodiesel.", ["Process Design", "Arduino", "Data Analysis"])],
    "civil": [("Footbridge for the allotments", "A timber footbridge design for a community garden crossing.", ["Structural Analysis", "AutoCAD", "Surveying"])],
    "electrical": [("Solar microgrid monitor", "Monitoring and load balancing for a 10 kW community solar microgrid.", ["Power Electronics", "Python", "Embedded Systems"])],
    "electronic": [("Open-source synth module", "A Eurorack oscillator on an FPGA with analogue filters.", ["FPGA", "Verilog", "PCB Design"])],
    "environmental": [("River sensor network", "Cheap floating sensors that report river water quality.", ["Embedded Systems", "GIS", "Data Analysis"])],
    "mechanical": [("Drone frame optimisation", "A lighter carbon quadcopter frame validated with FEA.", ["CAD", "FEA", "Composites"])],
    "mechatronics": [("Pick-and-place arm", "A desktop robot arm for hobby PCB assembly.", ["ROS", "Control Systems", "3D Printing"])],
    "robotics": [("Greenhouse rover", "An autonomous rover that checks plants and soil moisture.", ["ROS", "Computer Vision", "Mechanical Design"])],
    "software": [("Maker-space booking app", "Booking and safety inductions for a community workshop.", ["TypeScript", "SQL", "Project Management"])],
    "structural": [("Tiny house frame", "A light-gauge steel frame for a tiny house on wheels.", ["Structural Analysis", "Revit", "Welding"])],
    "industrial": [("Repair café line", "A lean flow for a monthly repair café so fewer items wait.", ["Lean Manufacturing", "Data Analysis"])],
    "materials": [("Recycled filament", "Turning PET bottles into reliable 3D-printing filament.", ["Materials Testing", "3D Printing", "Process Design"])],
    "systems": [("E-bike conversion kit", "Requirements and integration for a universal e-bike kit.", ["Battery Systems", "Simulink", "Project Management"])],
}

PITCH_OPENERS = [
    "I'm {first}, a {discipline} engineer who likes building things that leave the lab.",
    "Hi, {first} here. I spend my days on {skill_a} and my evenings on side projects.",
    "{discipline_cap} engineer with a soft spot for {skill_a} and {skill_b}.",
    "I design, test and break things for a living as a {discipline} engineer.",
]
PITCH_MIDDLES = [
    "Right now I'm working on {project}, and I need people who know {wanted}.",
    "Lately I've been teaching myself {skill_b} and want to use it on something real.",
    "I have shipped a few products and learned most from the failed prototypes.",
    "I'm happiest at a whiteboard with someone from a different discipline.",
]
PITCH_CLOSERS = [
    "If you want to build something useful together, let's grab a coffee.",
    "Happy to meet at a library and sketch ideas on paper.",
    "I'm looking for a team for the next hackathon, and for friends who love engineering.",
    "Message me after we meet; I answer fast.",
]


def _pitch(rng: random.Random, first: str, discipline: str, skills: list[str], project: tuple | None) -> str:
    values = {
        "first": first,
        "discipline": DISCIPLINES[discipline].lower(),
        "discipline_cap": DISCIPLINES[discipline],
        "skill_a": skills[0],
        "skill_b": skills[-1],
        "project": project[0].lower() if project else "a new idea",
        "wanted": ", ".join(project[2]) if project else skills[0],
    }
    parts = [rng.choice(PITCH_OPENERS), rng.choice(PITCH_MIDDLES), rng.choice(PITCH_CLOSERS)]
    return " ".join(part.format(**values) for part in parts)


def _fill_profile(session: Session, user: User, rng: random.Random, fake: Faker, city_label: str, now: dt.datetime) -> None:
    discipline = rng.choice(list(SKILLS_BY_DISCIPLINE))
    skills = rng.sample(SKILLS_BY_DISCIPLINE[discipline], k=min(len(SKILLS_BY_DISCIPLINE[discipline]), rng.randint(2, 5)))
    is_creator = rng.random() < 0.45
    project = rng.choice(PROJECT_IDEAS[discipline]) if is_creator or rng.random() < 0.2 else None
    first, last = fake.first_name(), fake.last_name()
    uid = user.id
    with profiles.refresh_once(session):  # each step validates as in the UI; the public texts are built once
        _fill_profile_steps(session, uid, rng, first, last, discipline, skills, is_creator, project, city_label, now)


def _fill_profile_steps(
    session: Session, uid: int, rng: random.Random, first: str, last: str, discipline: str, skills: list[str],
    is_creator: bool, project: tuple | None, city_label: str, now: dt.datetime,
) -> None:
    profiles.update_about(
        session=session, user_id=uid, first_name=first, last_name=last,
        pitch=_pitch(rng, first, discipline, skills, project), discipline=discipline, now=now,
    )
    profiles.set_city(session=session, user_id=uid, city_id=None, city_text=city_label, now=now)
    for name in skills:
        profiles.add_skill(
            session=session, user_id=uid, name=name, proficiency=rng.choice(["beginner", "intermediate", "intermediate", "expert"]), now=now
        )
    if project:
        title, description, wanted = project
        owner_projects.save_project(session=session, user_id=uid, title=title, description=description, skills_wanted=wanted, now=now)
    if is_creator:
        profiles.set_status(
            session=session, user_id=uid, status="creator", preference=rng.choice(["in_person", "hybrid", "hybrid", "online"]), now=now
        )
    if rng.random() < 0.4:
        handle = f"{first}{last}".lower().replace(" ", "")
        profiles.update_links(
            session=session, user_id=uid, github_url=f"https://github.com/{handle}", linkedin_url="", portfolio_url="", now=now
        )


def _create_demo_account(session: Session, now: dt.datetime) -> User:
    user = accounts.do_create_user(
        session=session, email=DEMO_EMAIL, password_hash=DEMO_PASSWORD_HASH,
        birth_date=dt.date(1994, 5, 17), timezone="Europe/London", now=now, email_verified_at=now,
    )
    with profiles.refresh_once(session):
        _fill_demo_profile(session, user.id, now)
    return user


def _fill_demo_profile(session: Session, uid: int, now: dt.datetime) -> None:
    profiles.update_about(
        session=session, user_id=uid, first_name="Dana", last_name="Okafor",
        pitch=(
            "I'm Dana, a mechanical engineer in London who turns sketches into working prototypes. "
            "I'm building a lighter drone frame and need people who know FEA, composites and flight control. "
            "Let's meet halfway for a coffee and a whiteboard."
        ),
        discipline="mechanical", now=now,
    )
    profiles.set_city(session=session, user_id=uid, city_id=None, city_text="London, United Kingdom", now=now)
    for name, level in [("SolidWorks", "expert"), ("FEA", "intermediate"), ("3D Printing", "expert"), ("Python", "beginner")]:
        profiles.add_skill(session=session, user_id=uid, name=name, proficiency=level, now=now)
    owner_projects.save_project(
        session=session, user_id=uid, title="Drone frame optimisation",
        description="A lighter carbon quadcopter frame, validated with FEA and flight tests.",
        skills_wanted=["FEA", "Composites", "Control Systems"], now=now,
    )
    profiles.set_status(session=session, user_id=uid, status="creator", preference="hybrid", now=now)


def seed_friendships(*, session: Session, rng: random.Random, now: dt.datetime) -> int:
    """Friends for the demo login (accepted, one request each way) and a sprinkle among demo engineers."""
    demo = accounts.find_user_by_email(session=session, email=DEMO_EMAIL)
    others = [u for u in session.exec(sa.select(User).where(User.email.like("engineer%@demo.engnest.dev")).order_by(User.id)).scalars()]
    if demo is None or len(others) < 8:
        return 0
    made = 0

    def befriend(a: User, b: User, accept: bool) -> None:
        nonlocal made
        try:
            friends.send_request(session=session, user_id=a.id, other_id=b.id, now=now)
            if accept:
                friends.accept(session=session, user_id=b.id, other_id=a.id, now=now)
            made += 1
        except ValidationFailed:  # already related (refused before anything was written): keep going
            pass

    picks = rng.sample(others, 6)
    for other in picks[:3]:
        befriend(demo, other, accept=True)
    befriend(picks[3], demo, accept=False)  # a request waiting for the demo user
    befriend(demo, picks[4], accept=False)  # one the demo user sent
    for _ in range(len(others) // 4):
        a, b = rng.sample(others, 2)
        befriend(a, b, accept=rng.random() < 0.8)
    return made


# Weekly hours (Monday first, in each person's own timezone): the request form offers times inside both people's.
WEEKS = [
    ["18:00-21:30"] * 5 + ["10:00-17:00", "10:00-13:00"],
    ["09:00-12:00, 14:00-18:00"] * 5 + ["", ""],
    ["07:30-09:00, 17:30-20:00"] * 5 + ["09:00-18:00", ""],
    ["", "12:00-14:00, 19:00-22:00", "", "12:00-14:00, 19:00-22:00", "", "10:00-16:00", "10:00-16:00"],
]
DEMO_WEEK = ["09:00-12:00, 17:00-20:00"] * 5 + ["10:00-16:00", ""]


def seed_availability(*, session: Session, rng: random.Random, now: dt.datetime) -> int:
    """The demo login's hours and most demo engineers' (a few have none, as new people do)."""
    people = [u for u in session.exec(sa.select(User).where(User.email.like("%@demo.engnest.dev")).order_by(User.id)).scalars()]
    demo = accounts.find_user_by_email(session=session, email=DEMO_EMAIL)
    made = 0
    for user in ([demo] if demo else []) + people:
        if availability.windows_of(session=session, user_id=user.id):
            continue
        week = DEMO_WEEK if user.email == DEMO_EMAIL else rng.choice(WEEKS) if rng.random() < 0.85 else None
        if week:
            availability.set_week(session=session, user_id=user.id, texts=week, now=now)
            made += 1
    session.commit()
    return made


def user_count(session: Session) -> int:
    return session.exec(sa.select(sa.func.count()).select_from(User)).one()[0]


def seed(*, session: Session, count: int = DEMO_COUNT, rng_seed: int = 2026, now: dt.datetime | None = None) -> int:
    """Create the demo login and `count` demo engineers; returns how many users were created."""
    now = now or utcnow()
    rng = random.Random(rng_seed)
    g = gazetteer()
    for label, _ in CITIES:
        if g.resolve(label) is None:
            raise RuntimeError(f"seed city not in the gazetteer: {label}")
    shared_hash = passwords.hash_password(secrets.token_urlsafe(24))  # demo engineers cannot sign in
    created = 0
    if accounts.find_user_by_email(session=session, email=DEMO_EMAIL) is None:
        _create_demo_account(session, now)
        created += 1
    fakers = {locale: Faker(locale) for _, locale in CITIES}
    for fk in fakers.values():
        fk.seed_instance(rng_seed)
    for i in range(count):
        city_label, locale = CITIES[i % len(CITIES)]
        fake = fakers[locale]
        email = f"engineer{i + 1:03d}@demo.engnest.dev"
        if accounts.find_user_by_email(session=session, email=email):
            continue
        city = g.resolve(city_label)
        user = accounts.do_create_user(
            session=session, email=email, password_hash=shared_hash,
            birth_date=dt.date(rng.randint(1960, 2006), rng.randint(1, 12), rng.randint(1, 28)),
            timezone=city.timezone, now=now - dt.timedelta(days=rng.randint(0, 400)), email_verified_at=now,
        )
        user.email_notifications = False  # demo people have no mailbox; never email *.demo.engnest.dev
        try:
            _fill_profile(session, user, rng, fake, city_label, now)
        except ValidationFailed as exc:  # a generated value the rules refuse: keep the account, log why
            print(f"seed: profile for {email} incomplete: {exc}")
        created += 1
    seed_availability(session=session, rng=random.Random(rng_seed + 1), now=now)
    seed_friendships(session=session, rng=rng, now=now)
    seed_meetings(session=session, demo_email=DEMO_EMAIL, now=now)
    seed_messages(session=session, demo_email=DEMO_EMAIL, now=now)
    seed_community(session=session, demo_email=DEMO_EMAIL, now=now)
    return created


def main() -> None:
    features.load_services()  # sign-up hooks (the empty profile), notification kinds
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", action="store_true", help="seed even if users exist")
    parser.add_argument("--count", type=int, default=DEMO_COUNT)
    args = parser.parse_args()
    with unit_of_work() as session:  # one commit at the end (services never commit)
        if user_count(session) and not args.force:
            print("seed: the database already has users; nothing to do (use --force to add demo users)")
            return
        created = seed(session=session, count=args.count)
    print(f"seed: created {created} users. Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}")


if __name__ == "__main__":
    main()
