"""The caller's own notifications, newest first, and marking them read (someone else's id is simply not found)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlmodel import Session

from engnest.api.auth import reader, writer
from engnest.api.domain import cursor
from engnest.api.errors import ERROR_RESPONSES, not_found
from engnest.api.routers.params import CursorParam, ItemId, read_position
from engnest.api.schemas import MarkedRead, NotificationPublic, NotificationsPage
from engnest.api.services.tokens import Caller
from engnest.notifications.services import notification_centre
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session

router = APIRouter(tags=["notifications"], responses=ERROR_RESPONSES)



def _page(*, session: Session, caller: Caller, page: int) -> NotificationsPage:
    found = notification_centre.page_for(session=session, user_id=caller.user_id, page=page)
    following = cursor.encode(page + 1) if found.has_more and page < notification_centre.MAX_PAGE else None
    return NotificationsPage(items=[NotificationPublic.of(n) for n in found.rows], next_cursor=following, unread=found.unread)


@router.get("/notifications", response_model=NotificationsPage, summary="Your notifications, newest first")
async def list_notifications(caller: Caller = Depends(reader), cursor: CursorParam = None) -> NotificationsPage:
    position = read_position(cursor)
    return await in_session(_page, caller=caller, page=max(1, position or 1))


@router.post("/notifications/{notification_id}/read", response_model=MarkedRead, summary="Mark one notification read")
async def mark_notification_read(notification_id: ItemId, caller: Caller = Depends(writer)) -> MarkedRead:
    found = await in_session(notification_centre.mark_read, user_id=caller.user_id, notification_id=notification_id, now=utcnow())
    if not found:
        raise not_found("No such notification.")
    return MarkedRead(changed=1)


@router.post("/notifications/read", response_model=MarkedRead, summary="Mark all your notifications read")
async def mark_all_notifications_read(caller: Caller = Depends(writer)) -> MarkedRead:
    return MarkedRead(changed=await in_session(notification_centre.do_mark_all_read, user_id=caller.user_id, now=utcnow()))
