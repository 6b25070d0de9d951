"""HTTP endpoints for meetings: calendar files (one meeting, personal feed, free/busy feed) and payment callbacks."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from engnest.accounts.services import sessions
from engnest.accounts.state.session import COOKIE_NAME
from engnest.billing.payments import InvalidWebhook, PaymentEvent
from engnest.billing.payments import provider as payment_provider
from engnest.billing.services import purchases
from engnest.meetings.services import availability_feed, calendar_feed
from engnest.platform import routes
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings

log = logging.getLogger(__name__)
ICS_TYPE = "text/calendar; charset=utf-8"


def _not_found() -> Response:
    return PlainTextResponse("Not found", status_code=404, headers={"Cache-Control": "no-store"})


async def meeting_ics(request: Request) -> Response:
    """/calendar/meeting/<id>.ics for the two participants (session cookie)."""
    viewer = await in_session(sessions.user_for_token, token=request.cookies.get(COOKIE_NAME), now=utcnow())
    if viewer is None:
        return PlainTextResponse("Sign in to download this meeting.", status_code=401, headers={"Cache-Control": "no-store"})
    try:
        data = await in_session(calendar_feed.ics_for_meeting, meeting_id=request.path_params["meeting_id"], viewer_id=viewer.id, now=utcnow())
    except ValidationFailed:
        return _not_found()
    name = f"engnest-meeting-{request.path_params['meeting_id']}.ics"
    return Response(data, media_type=ICS_TYPE, headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"})


async def feed_ics(request: Request) -> Response:
    """/calendar/feed/<token>.ics: a calendar app polls this; the token is the credential."""
    owner = await in_session(calendar_feed.feed_owner, token=request.path_params["token"])
    if owner is None:
        return _not_found()
    data = await in_session(calendar_feed.ics_feed, user_id=owner, now=utcnow())
    return Response(data, media_type=ICS_TYPE, headers={"Cache-Control": "private, no-store"})


async def free_busy_ics(request: Request) -> Response:
    """/calendar/free-busy/<token>.ics: free hours and meeting times only; the token is the credential."""
    owner = await in_session(availability_feed.feed_owner, token=request.path_params["token"])
    if owner is None:
        return _not_found()
    data = await in_session(availability_feed.ics_free_busy, user_id=owner, now=utcnow())
    return Response(data, media_type=ICS_TYPE, headers={"Cache-Control": "private, no-store"})


async def stripe_webhook(request: Request) -> Response:
    provider = payment_provider()
    if provider is None or provider.name != "stripe":
        return _not_found()
    payload = await request.body()
    try:
        event = provider.parse_webhook(payload, request.headers)
    except InvalidWebhook as exc:
        log.warning("refused a webhook: %s", exc)
        return PlainTextResponse("Invalid signature", status_code=400)
    if event is not None:
        await in_session(purchases.do_apply_payment_event, provider_name="stripe", event=event, now=utcnow())
    return PlainTextResponse("ok")


async def dev_complete(request: Request) -> Response:
    """The dev provider's 'payment page': a signed link that marks the purchase paid at once (not in prod)."""
    provider = payment_provider()
    external_id, signature = request.query_params.get("id", ""), request.query_params.get("sig", "")
    if provider is None or provider.name != "dev" or get_settings().env == "prod" or not provider.verify(external_id, signature):  # type: ignore[attr-defined]  # the dev provider (name checked)
        return _not_found()
    event = PaymentEvent(kind="paid", external_id=external_id, purchase_id=None, amount_cents=None, currency=None)
    await in_session(purchases.do_apply_payment_event, provider_name="dev", event=event, now=utcnow())
    target = request.query_params.get("next", "")
    public = get_settings().public_url.rstrip("/")
    if not target.startswith(public + "/"):
        target = public + routes.CREDITS + "?paid=1"
    return RedirectResponse(target, status_code=303)


ROUTES = [
    Route(routes.MEETING_ICS + "/{meeting_id}.ics", meeting_ics, methods=["GET"]),
    Route(routes.CALENDAR_FEED + "/{token}.ics", feed_ics, methods=["GET"]),
    Route(routes.AVAILABILITY_FEED + "/{token}.ics", free_busy_ics, methods=["GET"]),
    Route(routes.STRIPE_WEBHOOK, stripe_webhook, methods=["POST"]),
    Route(routes.PAYMENTS_DEV_COMPLETE, dev_complete, methods=["GET"]),
]
