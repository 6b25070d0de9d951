"""`/notifications`: the caller's own notifications, newest first (all, or the unread alone), and marking them read
(someone else's id is simply not found)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlmodel import Session

from engnest.notifications.services import notification_centre
from engnest.notifications.services.notification_centre import NotificationRow
from engnest.platform.api import cursor
from engnest.platform.api.auth import Caller, reader, writer
from engnest.platform.api.errors import ERROR_RESPONSES, not_found
from engnest.platform.api.params import CursorParam, ItemId, read_position
from engnest.platform.api.schemas import MarkedRead, Page, Utc
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session

router = APIRouter(tags=["notifications"], responses=ERROR_RESPONSES)


class NotificationPublic(BaseModel):
    id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: Utc
    read: bool

    @classmethod
    def of(cls, n: NotificationRow) -> NotificationPublic:
        return cls(id=n.id, kind=n.kind, title=n.title, body=n.body, link=n.link, created_at=n.created_at, read=n.read)


class NotificationsPage(Page[NotificationPublic]):
    unread: int


def _page(*, session: Session, caller: Caller, page: int, unread_only: bool) -> NotificationsPage:
    found = notification_centre.page_for(session=session, user_id=caller.user_id, page=page, unread_only=unread_only)
    following = cursor.encode(page + 1) if found.has_more and page < notification_centre.MAX_PAGE else None
    return NotificationsPage(items=[NotificationPublic.of(n) for n in found.rows], next_cursor=following, unread=found.unread)


@router.get("/notifications", response_model=NotificationsPage, summary="Your notifications, newest first")
async def list_notifications(
    caller: Caller = Depends(reader), cursor: CursorParam = None,
    unread: bool = Query(False, description="Only the unread ones (newest first)."),
) -> NotificationsPage:
    position = read_position(cursor)
    return await in_session(_page, caller=caller, page=max(1, position or 1), unread_only=unread)


@router.post("/notifications/{notification_id}/read", response_model=MarkedRead, summary="Mark one notification read")
async def mark_notification_read(notification_id: ItemId, caller: Caller = Depends(writer)) -> MarkedRead:
    found = await in_session(notification_centre.mark_read, user_id=caller.user_id, notification_id=notification_id, now=utcnow())
    if not found:
        raise not_found("No such notification.")
    return MarkedRead(changed=1)


@router.post("/notifications/read", response_model=MarkedRead, summary="Mark all your notifications read")
async def mark_all_notifications_read(caller: Caller = Depends(writer)) -> MarkedRead:
    return MarkedRead(changed=await in_session(notification_centre.do_mark_all_read, user_id=caller.user_id, now=utcnow()))
