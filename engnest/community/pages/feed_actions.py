"""The feed and post pages' units of work: each runs a service's check_ and do_ in one session for the caller
(`me`), so the states' handlers stay thin."""

from __future__ import annotations

from engnest.community.services import comments, posts


def _form(form: object) -> dict:
    return form if isinstance(form, dict) else {}


def create_post(*, session, me: int, form: object, now) -> int:
    f = _form(form)
    request = posts.check_create_post(
        session=session, author_id=me, room_id=f.get("room_id"), title=f.get("title"), body=f.get("body", ""), code=f.get("code", ""),
        language=f.get("language", "auto"), tags=f.get("tags", ""), now=now,
    )
    return posts.do_create_post(session=session, request=request, now=now)


def edit_post(*, session, me: int, post_id: int, form: object, now) -> None:
    f = _form(form)
    request = posts.check_edit_post(
        session=session, editor_id=me, post_id=post_id, title=f.get("title"), body=f.get("body", ""), code=f.get("code", ""),
        language=f.get("language", "auto"), tags=f.get("tags", ""),
    )
    posts.do_edit_post(session=session, request=request, now=now)


def delete_post(*, session, me: int, post_id: int, now) -> None:
    posts.do_delete_post(session=session, request=posts.check_delete_post(session=session, actor_id=me, post_id=post_id), actor_id=me, now=now)


def vote(*, session, me: int, post_id: object, value: object, now) -> int:
    return posts.do_vote(session=session, request=posts.check_vote(session=session, user_id=me, post_id=post_id, value=value, now=now), now=now)


def comment(*, session, me: int, post_id: int, body: object, parent_id: object, now) -> int:
    request = comments.check_comment(session=session, author_id=me, post_id=post_id, body=body, parent_id=parent_id, now=now)
    return comments.do_comment(session=session, request=request, now=now)


def edit_comment(*, session, me: int, post_id: int, comment_id: object, body: object, now) -> None:
    request = comments.check_edit_comment(session=session, editor_id=me, post_id=post_id, comment_id=comment_id, body=body)
    comments.do_edit_comment(session=session, request=request, now=now)


def delete_comment(*, session, me: int, post_id: int, comment_id: object, now) -> None:
    request = comments.check_delete_comment(session=session, actor_id=me, post_id=post_id, comment_id=comment_id)
    comments.do_delete_comment(session=session, request=request, now=now)
