"""The room page's units of work: each runs a service's check_ and do_ in one session for the caller (`me`),
so the state's handlers stay thin (`RoomState._act`)."""

from __future__ import annotations

from engnest.community.services import moderation, room_chat, room_extras, rooms


def send(*, session, sender_id: int, room_id: int, body: object, client_key: object, now, reply_to_id: object = None):
    if reply_to_id is not None:
        return room_extras.do_reply(session=session, request=room_extras.check_reply(
            session=session, sender_id=sender_id, room_id=room_id, body=body, client_key=client_key, reply_to_id=reply_to_id, now=now), now=now)
    return room_chat.do_send(session=session, request=room_chat.check_send(
        session=session, sender_id=sender_id, room_id=room_id, body=body, client_key=client_key, now=now), now=now)


def join(*, session, me: int, room_id: int, now) -> None:
    rooms.do_join(session=session, request=rooms.check_join(session=session, user_id=me, room_id=room_id), now=now)


def ask(*, session, me: int, room_id: int, now) -> None:
    rooms.do_request_join(session=session, request=rooms.check_request_join(session=session, user_id=me, room_id=room_id), now=now)


def leave(*, session, me: int, room_id: int, now) -> None:
    rooms.do_leave(session=session, request=rooms.check_leave(session=session, user_id=me, room_id=room_id), now=now)


def remove_message(*, session, me: int, room_id: int, now, message_id: object) -> None:
    request = moderation.check_remove_message(session=session, actor_id=me, room_id=room_id, message_id=message_id)
    moderation.do_remove_message(session=session, request=request, now=now)


def mute(*, session, me: int, room_id: int, now, user_id: object) -> None:
    request = moderation.check_mute(session=session, actor_id=me, room_id=room_id, user_id=user_id, minutes=60)
    moderation.do_mute(session=session, request=request, now=now)


def remove_member(*, session, me: int, room_id: int, now, user_id: object) -> None:
    request = moderation.check_remove_member(session=session, actor_id=me, room_id=room_id, user_id=user_id)
    moderation.do_remove_member(session=session, request=request, now=now)


def admit(*, session, me: int, room_id: int, now, user_id: object) -> None:
    rooms.do_admit(session=session, request=rooms.check_admit(session=session, actor_id=me, room_id=room_id, user_id=user_id), now=now)


def set_role(*, session, me: int, room_id: int, now, user_id: object, role: object) -> None:
    rooms.do_set_role(session=session, request=rooms.check_set_role(session=session, actor_id=me, room_id=room_id, user_id=user_id, role=role), now=now)
