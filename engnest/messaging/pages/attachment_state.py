"""AttachmentState: sending a file (an image or a PDF) in the thread open in this tab.

Reflex's upload endpoint has already refused a body far over the limit and any caller without a session
(accounts.upload_guard); this handler re-checks who is calling and that they may write this conversation, reads
at most one byte over the limit, and leaves every other check to the service."""

from __future__ import annotations

import uuid

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.messaging import watching
from engnest.messaging.pages.list_state import ConversationsState
from engnest.messaging.pages.thread_state import ThreadState
from engnest.messaging.services import attachments
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.settings import get_settings


class AttachmentState(rx.State):
    error: str = ""

    @rx.event
    async def clear(self):
        """on_load: no error left over from another conversation."""
        await caller(self)
        self.error = ""

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        thread = await self.get_state(ThreadState)
        if not thread.loaded or thread.refused or user.id != thread._me:
            self.error = thread.refused or "Reload the page to open this conversation."
            return None
        if not isinstance(files, list) or not files or not hasattr(files[0], "read"):
            self.error = "Choose a file first."
            return None
        upload = files[0]
        data = await upload.read(get_settings().attachment_max_bytes + 1)
        viewing = await watching.registry().is_watching(thread.peer_id, user.id)
        try:
            sent = await in_session(
                attachments.send_attachment, sender_id=user.id, conversation_id=thread._conversation_id,
                file_name=getattr(upload, "name", None) or getattr(upload, "filename", None), data=data, caption="",
                client_key=str(uuid.uuid4()), now=utcnow(), recipient_viewing=viewing,
            )
        except ValidationFailed as exc:
            self.error = exc.first()
            return None
        self.error = ""
        thread._add_sent(sent.message)
        (await self.get_state(ConversationsState))._sent(thread.peer_id, sent.message)
        return None
