"""Profiles: every edit validates first, writes only the caller's own rows, and refreshes completeness.

The one name callers import; the work is split by concern: `profile_store` (the row, the refresh, reads),
`profile_fields` (names, pitch, status, city, links), `profile_lists` (skills, photo, the copy of the person's
current projects that engnest.projects keeps; projects themselves are edited only through engnest.projects)."""

from __future__ import annotations

from engnest.profiles.services.profile_fields import (
    AboutRequest,
    CityRequest,
    LinksRequest,
    StatusRequest,
    check_set_city,
    check_set_status,
    check_update_about,
    check_update_links,
    do_set_city,
    do_set_status,
    do_update_about,
    do_update_links,
    set_city,
    set_status,
    update_about,
    update_links,
)
from engnest.profiles.services.profile_lists import (
    AvatarRequest,
    SkillRequest,
    add_skill,
    check_add_skill,
    check_set_avatar,
    do_add_skill,
    do_remove_avatar,
    do_remove_skill,
    do_set_avatar,
    do_set_current_projects,
    set_avatar,
)
from engnest.profiles.services.profile_store import (
    PROFILE_TOPIC,
    OwnerProfile,
    current_projects,
    facts_for,
    is_profile_complete,
    list_projects,
    list_skills,
    load_owner_profile,
    on_profile_refreshed,
    refresh_once,
    refresh_profile,
)

__all__ = [
    "PROFILE_TOPIC", "AboutRequest", "AvatarRequest", "CityRequest", "LinksRequest", "OwnerProfile", "SkillRequest",
    "StatusRequest", "add_skill", "check_add_skill", "check_set_avatar", "check_set_city", "check_set_status",
    "check_update_about", "check_update_links", "current_projects", "do_add_skill", "do_remove_avatar",
    "do_remove_skill", "do_set_avatar", "do_set_city", "do_set_current_projects", "do_set_status", "do_update_about",
    "do_update_links", "facts_for", "is_profile_complete", "list_projects", "list_skills", "load_owner_profile",
    "on_profile_refreshed", "refresh_once", "refresh_profile", "set_avatar", "set_city", "set_status", "update_about",
    "update_links",
]
