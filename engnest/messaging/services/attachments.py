"""Sending a file in a conversation, and finding one for a member to download.

A file is a message whose text is the caption typed with it (or the file's name), so it is ordered, unread,
notified, pushed, edited and deleted like any message. Its content decides what it is: images (PNG, JPEG,
WebP, GIF) are decoded, re-encoded to WebP at most `MAX_SIDE` pixels a side (metadata and anything appended
dropped) and shown in the thread; PDFs are stored as sent and only ever downloaded. Everything else, and
anything over `ATTACHMENT_MAX_BYTES`, is refused before a byte is stored. Each person may send
`ATTACHMENT_LIMIT` files per window, counted atomically (parallel uploads cannot all pass) and only when stored.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from PIL import Image
from sqlmodel import Session

from engnest.messaging.domain.attachments import ACCEPTED, FILE, IMAGE, IMAGE_TYPE, PDF_TYPE, clean_file_name, is_pdf, too_large
from engnest.messaging.models import MessageAttachment
from engnest.messaging.services import attachment_files
from engnest.messaging.services.message_rows import with_attachment
from engnest.messaging.services.message_views import NOT_MEMBER, access
from engnest.messaging.services.messages import SendMessage, Sent, check_send_message, do_announce_message, store_once
from engnest.platform import throttle
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings
from engnest.profiles.services import media

MAX_SIDE = 2048
FIELD = "file"


@dataclass(frozen=True)
class SendAttachment:
    message: SendMessage  # the caption, checked as any message (member, verified, rate)
    data: bytes  # what is stored: the re-encoded image or the PDF as sent
    display_name: str
    content_type: str
    kind: str


def _reencoded(data: bytes) -> bytes:
    media.check_image_header(data, field=FIELD)
    with media.image_slots, Image.open(io.BytesIO(data)) as img:
        if img.format == "JPEG":
            img.draft("RGB", (MAX_SIDE, MAX_SIDE))
        img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=2.0)
        out = io.BytesIO()
        img.convert("RGBA" if img.mode in ("RGBA", "LA", "PA", "P") else "RGB").save(out, format="WEBP", quality=85)
    return out.getvalue()


def _content(data: bytes, file_name: object) -> tuple[bytes, str, str, str]:
    """(stored bytes, name offered, content type, kind) from what the file is, or ValidationFailed on "file"."""
    if is_pdf(data):
        return data, clean_file_name(file_name, "pdf"), PDF_TYPE, FILE
    try:
        image = _reencoded(data)
    except media.UNREADABLE:
        raise ValidationFailed({FIELD: f"That file cannot be sent: use {ACCEPTED}."}) from None
    except ValidationFailed as exc:
        if exc.first() == media.NOT_AN_IMAGE:
            raise ValidationFailed({FIELD: f"That file cannot be sent: use {ACCEPTED}."}) from None
        raise
    return image, clean_file_name(file_name, "webp"), IMAGE_TYPE, IMAGE


def check_send_attachment(
    *, session: Session, sender_id: int, conversation_id: int, file_name: object, data: object, caption: object,
    client_key: object, recipient_viewing: bool = False,
) -> SendAttachment:
    """Validate a file for a conversation: the sender may write it, the file is accepted and within the limits.
    Cheap checks first; the count is taken before the file is decoded, and given back if nothing is stored."""
    if not isinstance(data, bytes) or not data:
        raise ValidationFailed({FIELD: "Choose a file first."})
    limit = get_settings().attachment_max_bytes
    if len(data) > limit:
        raise ValidationFailed({FIELD: too_large(len(data), limit)})
    text = caption.strip() if isinstance(caption, str) else ""
    probe_name = clean_file_name(file_name, "pdf" if is_pdf(data) else "webp")
    message = check_send_message(
        session=session, sender_id=sender_id, conversation_id=conversation_id, body=text or probe_name,
        client_key=client_key, recipient_viewing=recipient_viewing,
    )
    if message.stored is not None:  # a retry of a file already sent
        return SendAttachment(message, b"", "", "", "")
    rule = get_settings().attachment_limit
    if not throttle.take_unless_rolled_back(session, rule, "dm-file", str(sender_id)):
        wait = throttle.wait_phrase(throttle.retry_after_seconds(rule, "dm-file", str(sender_id)))
        raise ValidationFailed({FIELD: f"You have sent many files lately. Wait {wait} and try again."})
    stored, name, content_type, kind = _content(data, file_name)
    if len(stored) > limit:  # a re-encoded image is nearly always smaller; never store more than the limit
        raise ValidationFailed({FIELD: too_large(len(stored), limit)})
    return SendAttachment(message, stored, name, content_type, kind)


def do_send_attachment(*, session: Session, request: SendAttachment, now: dt.datetime) -> Sent:
    """Store the file and its message once per key, then notify and push like any message."""
    m = request.message
    if m.stored is not None:
        return Sent(m.stored, created=False)
    sent = store_once(session=session, conversation_id=m.conversation_id, sender_id=m.sender_id, body=m.body, client_key=m.client_key, now=now)
    if not sent.created:
        return sent
    row = MessageAttachment(
        message_id=sent.message.id, conversation_id=m.conversation_id, uploader_id=m.sender_id,
        stored_name=attachment_files.write(session, request.data), display_name=request.display_name,
        content_type=request.content_type, kind=request.kind, size_bytes=len(request.data), created_at=now,
    )
    session.add(row)
    session.flush()
    message = with_attachment(sent.message, row)
    do_announce_message(session=session, request=m, message=message, now=now)
    return Sent(message, created=True)


def send_attachment(
    *, session: Session, sender_id: int, conversation_id: int, file_name: object, data: object, caption: object,
    client_key: object, now: dt.datetime, recipient_viewing: bool = False,
) -> Sent:
    request = check_send_attachment(
        session=session, sender_id=sender_id, conversation_id=conversation_id, file_name=file_name, data=data,
        caption=caption, client_key=client_key, recipient_viewing=recipient_viewing,
    )
    return do_send_attachment(session=session, request=request, now=now)


@dataclass(frozen=True)
class Download:
    stored_name: str
    display_name: str
    content_type: str
    kind: str


def attachment_for(*, session: Session, viewer_id: int, attachment_id: int) -> Download:
    """A file for a member of its conversation who may still read it; ValidationFailed otherwise (the same for
    one that does not exist, so ids cannot be probed)."""
    row = session.get(MessageAttachment, attachment_id)
    if row is None:
        raise ValidationFailed(form=NOT_MEMBER)
    access(session=session, me=viewer_id, conversation_id=row.conversation_id)
    return Download(row.stored_name, row.display_name, row.content_type, row.kind)
