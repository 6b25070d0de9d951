"""Handing one email to the world: SMTP (settings SMTP_*), or without SMTP_HOST (development) an .eml file in
the outbox folder plus a line on the console. Blocking: call it from a worker thread, never the event loop."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

from engnest.platform.domain.timezones import ensure_aware_utc
from engnest.platform.mail.models import OutboundEmail
from engnest.platform.settings import get_settings

log = logging.getLogger("engnest.mail")


def _domain() -> str:
    address = parseaddr(get_settings().mail_from)[1]
    return address.rsplit("@", 1)[1] if "@" in address else "engnest.local"


def build_message(email: OutboundEmail) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = get_settings().mail_from
    msg["To"] = Address(addr_spec=email.to_address)
    msg["Subject"] = email.subject
    msg["Date"] = format_datetime(ensure_aware_utc(email.created_at))
    # Stable per queued email: a resend after a crash mid-delivery carries the same id, so clients can merge it.
    about = f"n{email.notification_id}" if email.notification_id is not None else email.kind
    msg["Message-ID"] = f"<email-{email.id}-{about}@{_domain()}>"
    msg.set_content(email.body)
    if email.attachment:
        msg.add_attachment(
            email.attachment.encode(), maintype="text", subtype="calendar", filename=email.attachment_name or "meeting.ics",
            params={"method": "PUBLISH"},
        )
    return msg


def outbox_path(email: OutboundEmail) -> Path:
    return get_settings().mail_outbox_dir / f"{ensure_aware_utc(email.created_at):%Y%m%d-%H%M%S}-{email.id}.eml"


def send(email: OutboundEmail) -> None:
    """Deliver or raise (smtplib / OS errors); the caller records failures and retries later."""
    settings = get_settings()
    msg = build_message(email)
    if not settings.smtp_host:
        path = outbox_path(email)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(msg.as_bytes())
        log.info("Email (dev outbox, not sent) to %s: %s -> %s\n%s", email.to_address, email.subject, path, email.body)
        return
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_s) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(msg)
