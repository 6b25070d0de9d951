import sqlalchemy as sa
from factories import NOW

from devdata import seed
from devdata.seed_messages import seed_messages
from engnest.messaging.models import Message
from engnest.messaging.services import message_views


def test_the_demo_seed_gives_the_demo_login_conversations_with_unread_messages_once(sqlite_session):
    seed.seed(session=sqlite_session, count=60, now=NOW)
    demo = seed.accounts.find_user_by_email(session=sqlite_session, email=seed.DEMO_EMAIL)
    conversations = message_views.list_conversations(session=sqlite_session, user_id=demo.id)
    with_messages = [c for c in conversations if c.last is not None]
    assert len(with_messages) >= 2
    assert message_views.unread_total(session=sqlite_session, user_id=demo.id) >= 1
    assert any(message_views.last_seen(session=sqlite_session, me=demo.id, conversation_id=c.conversation_id) for c in with_messages)
    # Only between collaborators (the service's rules held), and seeding again stores nothing new.
    total = sqlite_session.exec(sa.select(sa.func.count()).select_from(Message)).one()[0]
    assert seed_messages(session=sqlite_session, demo_email=seed.DEMO_EMAIL, now=NOW) == 0
    assert sqlite_session.exec(sa.select(sa.func.count()).select_from(Message)).one()[0] == total
