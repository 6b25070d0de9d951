"""Every notification kind a service creates has its own look in the notification centre."""

import pathlib
import re

from engnest.notifications.domain.notification_kinds import OTHER, STYLES, page_number, style_for
from engnest.platform.mail.mail import retry_delay

ENGNEST = pathlib.Path(__file__).resolve().parents[2] / "engnest"


def kinds_created_by_services() -> set[str]:
    found: set[str] = set()
    for path in ENGNEST.glob("*/services/*.py"):  # every feature's services (kinds registered in its wiring)
        # the kind= argument of a notify(...) / do_notify(...) call (nested parentheses one level deep)
        found |= set(re.findall(r'notify\((?:[^()]|\([^()]*\))*?\bkind="([a-z_]+)"', path.read_text(), flags=re.S))
    return found


def test_every_kind_the_services_create_has_a_style():
    kinds = kinds_created_by_services()
    assert {"meeting_reminder", "review_request", "strike", "message", "friend_request"} <= kinds
    assert sorted(k for k in kinds if style_for(k) is OTHER) == []
    assert set(STYLES) >= kinds


def test_unknown_kinds_still_show():
    assert style_for("something_new") is OTHER


def test_retry_delays_grow_and_cap():
    delays = [retry_delay(n).total_seconds() / 60 for n in range(1, 12)]
    assert delays[:4] == [1, 2, 4, 8]
    assert max(delays) == 360 and delays == sorted(delays)


def test_page_numbers_from_the_url():
    assert [page_number(v) for v in ("2", 3, "0", "-1", "abc", None, True, "9999999")] == [2, 3, 1, 1, 1, 1, 1, 999_999]
