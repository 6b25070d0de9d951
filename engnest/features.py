"""The features of EngNest, lowest layer first, and their start-up registrations (composition layer).

Lower packages expose registries (notification kinds, timer kinds, account hooks, the page frame, HTTP routes,
settings sections); each feature fills them from its `wiring` (services: any process that runs them, web or
scheduler) and its `web` module (states, pages and HTTP routes: the web process). Every entry point loads them
before doing anything: the app (engnest/engnest.py), the scheduler process (python -m engnest.jobs), the seed
scripts and the tests. Loading twice changes nothing.
"""

from __future__ import annotations

FEATURES = ("accounts", "notifications", "profiles", "network", "billing", "calls", "meetings", "messaging", "discovery", "community", "projects", "api")


def load_services() -> None:
    import engnest.accounts.wiring  # noqa: F401
    import engnest.calls.wiring  # noqa: F401
    import engnest.community.wiring  # noqa: F401
    import engnest.meetings.wiring  # noqa: F401
    import engnest.messaging.wiring  # noqa: F401
    import engnest.network.wiring  # noqa: F401
    import engnest.profiles.wiring  # noqa: F401
    import engnest.projects.wiring  # noqa: F401


def load_web() -> None:
    load_services()
    import engnest.accounts.web  # noqa: F401
    import engnest.api.web  # noqa: F401
    import engnest.calls.web  # noqa: F401
    import engnest.community.web  # noqa: F401
    import engnest.meetings.web  # noqa: F401
    import engnest.messaging.web  # noqa: F401
    import engnest.network.web  # noqa: F401
    import engnest.notifications.web  # noqa: F401
    import engnest.profiles.web  # noqa: F401
    import engnest.projects.web  # noqa: F401
