"""What each notification kind looks like (label, icon, colour), and page numbers of the notification list.
Pure: no reflex, no database, no clock. The kinds themselves belong to the features that create them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindStyle:
    label: str
    icon: str  # a lucide icon name (rx.icon)
    color: str  # a Radix colour scheme


# Filled by the features that create notifications (notifications.services.kinds.register_kind).
STYLES: dict[str, KindStyle] = {}
OTHER = KindStyle("Notification", "bell", "gray")


def style_for(kind: str) -> KindStyle:
    """Every kind gets a look; one this version does not know yet still shows, as a plain notification."""
    return STYLES.get(kind, OTHER)


def page_number(value: object) -> int:
    """A page number from the URL: junk, zero or negative is page 1; absurdly large stays large (an empty page)."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not text.isdigit() or len(text) > 6:
        return 1 if not text.isdigit() else 999_999
    return max(int(text), 1)
