"""Settings → Availability: every handler re-checks the caller and writes only the caller's own week."""

from __future__ import annotations

from factories import NOW, login_token, make_user

from engnest.meetings.pages.settings_availability import AvailabilitySettingsState
from engnest.meetings.services import availability
from state.harness import Tab, assert_signed_in, redirect_target

VICTIM_WEEK = ["09:00-17:00"] * 5 + ["", ""]


async def test_without_a_session_saving_sends_to_sign_in_and_writes_nothing(sqlite_session):
    tab = Tab(path="/settings")
    tab.state(AvailabilitySettingsState).days = ["00:00-24:00"] * 7
    assert (redirect_target(await tab.call(AvailabilitySettingsState, "save")) or "").startswith("/signin")


async def test_a_signed_in_attacker_changes_only_their_own_week(sqlite_session):
    victim, attacker = make_user(sqlite_session), make_user(sqlite_session)
    availability.set_week(session=sqlite_session, user_id=victim.id, texts=VICTIM_WEEK, now=NOW)
    sqlite_session.commit()

    tab = Tab(token=login_token(sqlite_session, attacker), path="/settings")
    await assert_signed_in(tab, attacker)
    await tab.call(AvailabilitySettingsState, "load")
    form = tab.state(AvailabilitySettingsState)
    assert form.days == [""] * 7  # the attacker sees their own (empty) week, not the victim's
    await tab.call(AvailabilitySettingsState, "set_day", 0, "08:00-10:00")
    await tab.call(AvailabilitySettingsState, "save")
    assert form.errors == {} and form.note.startswith("Saved")
    assert availability.week_texts(session=sqlite_session, user_id=attacker.id)[0] == "08:00-10:00"

    for forged in ((victim.id,), ({"user_id": victim.id},)):
        try:
            await tab.call(AvailabilitySettingsState, "save", *forged)
        except TypeError:
            pass  # wrong arity: refused before the handler runs
    for index, value in ((victim.id, "00:00-24:00"), ("0", "00:00-24:00"), (9, "x"), (0, 5)):
        await tab.call(AvailabilitySettingsState, "set_day", index, value)
    assert form.days[0] == "08:00-10:00"
    sqlite_session.expire_all()
    assert availability.week_texts(session=sqlite_session, user_id=victim.id) == VICTIM_WEEK


async def test_a_bad_day_is_reported_beside_it_and_nothing_is_written(sqlite_session):
    me = make_user(sqlite_session)
    tab = Tab(token=login_token(sqlite_session, me), path="/settings")
    await tab.call(AvailabilitySettingsState, "load")
    await tab.call(AvailabilitySettingsState, "set_day", 2, "lunchtime")
    await tab.call(AvailabilitySettingsState, "save")
    form = tab.state(AvailabilitySettingsState)
    assert set(form.errors) == {"wednesday"} and "09:00-17:30" in form.errors["wednesday"] and form.note == ""
    assert availability.week_texts(session=sqlite_session, user_id=me.id) == [""] * 7
