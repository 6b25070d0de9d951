"""ComposerState: sending a message and the typing signal, for the thread open in this tab."""

from __future__ import annotations

import json

import reflex as rx

from engnest.accounts.state.session import caller, to_sign_in
from engnest.messaging import watching
from engnest.messaging.pages.list_state import ConversationsState
from engnest.messaging.pages.thread_state import ThreadState
from engnest.messaging.services import messages, typing_signal
from engnest.platform.clock import utcnow
from engnest.platform.db import in_session
from engnest.platform.domain.errors import ValidationFailed
from engnest.platform.ui.chat_script import refused_script


class ComposerState(rx.State):
    errors: dict[str, str] = {}

    @rx.event
    async def clear(self):
        """on_load: no error left over from another conversation."""
        await caller(self)
        self.errors = {}

    @rx.event
    async def send(self, form: dict):
        user = await caller(self)
        if user is None:
            return to_sign_in(self)
        form = form if isinstance(form, dict) else {}
        thread = await self.get_state(ThreadState)
        if not thread.loaded or thread.refused or user.id != thread._me:
            self.errors = {"form": thread.refused or "Reload the page to open this conversation."}
            return None
        key = form.get("client_key")
        viewing = await watching.registry().is_watching(thread.peer_id, user.id)
        try:
            sent = await in_session(
                messages.send_message,
                sender_id=user.id,
                conversation_id=thread._conversation_id,
                body=form.get("body"),
                client_key=key,
                now=utcnow(),
                recipient_viewing=viewing,
            )
        except ValidationFailed as exc:
            self.errors = exc.errors
            return refused_script(key)
        self.errors = {}
        thread._add_sent(sent.message)
        (await self.get_state(ConversationsState))._sent(thread.peer_id, sent.message)
        # Remove the sent text from the box (the key was checked by the service: safe in a script).
        return rx.call_script(f"window.engnestChat && window.engnestChat.sent({json.dumps(key)})")

    @rx.event
    async def typing(self, _value: str = ""):
        user = await caller(self)
        thread = await self.get_state(ThreadState)
        if user is None or not thread.loaded or thread.refused or user.id != thread._me:
            return
        await in_session(typing_signal.signal_typing, sender_id=user.id, conversation_id=thread._conversation_id)
