"""A paste longer than the pitch box holds is cut, and the person is told so (issue 16 item 7): before, the
pitch box silently cut a paste to 3,200 characters."""

from __future__ import annotations

from factories import login_token, make_user

from engnest.profiles.pages.pitch_state import PitchState
from state.harness import Tab, assert_signed_in


async def test_a_paste_past_the_limit_is_cut_and_announced(sqlite_session):
    me = make_user(sqlite_session, complete=True)
    tab = Tab(token=login_token(sqlite_session, me), path="/profile")
    await assert_signed_in(tab, me)
    await tab.call(PitchState, "load")
    await tab.call(PitchState, "edit_draft", "word " * 1000)  # 5,000 characters
    pitch = tab.state(PitchState)
    assert len(pitch.draft) == 3200
    assert "cut to 3,200 characters" in pitch.errors.get("pitch", "")
    await tab.call(PitchState, "edit_draft", "A short pitch.")
    assert "pitch" not in tab.state(PitchState).errors  # the note goes once the text fits
