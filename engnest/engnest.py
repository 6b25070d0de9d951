"""The Reflex app (composition root; Reflex requires <app_name>/<app_name>.py): every feature's registrations,
pages, HTTP endpoints, lifespans, theme, and a backend error handler that never leaks details."""

from __future__ import annotations

import logging

import reflex as rx

import engnest.schema  # noqa: F401  (registers the tables for `reflex db makemigrations`)
from engnest import features
from engnest.accounts import upload_guard
from engnest.accounts.pages import account_links, landing, not_found, password_reset, settings, signin, signup
from engnest.accounts.state import login_flow  # noqa: F401  (the sign-in's binding step: its state must be registered)
from engnest.billing.pages import credits
from engnest.community.pages import directory as room_directory
from engnest.community.pages import feed as post_feed
from engnest.community.pages import moderation_page
from engnest.community.pages import post as post_page
from engnest.community.pages import room as room_page
from engnest.discovery.pages import home
from engnest.discovery.pages.discover import page as discover
from engnest.discovery.pages.friends import page as friends
from engnest.discovery.pages.person import page as person
from engnest.meetings.pages import calendar_page, detail_page, request_page
from engnest.messaging.pages import page as messages
from engnest.migrations import install_alembic_filters
from engnest.network import presence
from engnest.notifications.pages import page as notifications
from engnest.platform import event_guard, log_guard, realtime, routes
from engnest.platform.http import http_app
from engnest.platform.scheduler import runtime as scheduler_runtime
from engnest.profiles.pages import page as profile
from engnest.projects.pages import directory as project_directory
from engnest.projects.pages import project_page

features.load_web()  # before the frame, settings sections and HTTP routes are used below
log = logging.getLogger("engnest")
install_alembic_filters()  # before Reflex compares the schema (full-text objects are not in the models)
log_guard.install()  # what clients can make the server log is bounded, escaped and collapsed


def backend_error(exception: Exception):
    """Unexpected errors: log the traceback on the server (once per kind, escaped: see log_guard), show a
    plain message in the page."""
    log.error("Unhandled error in an event handler", exc_info=exception)
    return rx.toast.error(
        "Something went wrong on our side and nothing was saved. Please try again.",
        id="backend-error",
        position="top-center",
    )


def frontend_error(exception: Exception) -> None:
    """A browser reported an error. Anyone can send these with any text: log_guard bounds and escapes it."""
    log.warning("A browser reported a frontend error: %s", exception)


app = rx.App(
    # The guards wrap everything: one acts on /_upload only, the other on the websocket's oversized messages only.
    api_transformer=[http_app(), upload_guard.UploadGuard, event_guard.EventSizeGuard],
    backend_exception_handler=backend_error,
    frontend_exception_handler=frontend_error,
    head_components=[rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"), *upload_guard.head_scripts()],
    stylesheets=["/a11y.css"],
)
app.register_lifespan_task(realtime.lifespan)
app.register_lifespan_task(presence.lifespan)
app.register_lifespan_task(scheduler_runtime.lifespan)  # SCHEDULER_MODE=embedded: the one scheduler

app.add_page(landing.landing_page, route=routes.LANDING, title="EngNest — engineers who meet", on_load=landing.ON_LOAD)
app.add_page(signup.signup_page, route=routes.SIGN_UP, title="Sign up · EngNest", on_load=signup.ON_LOAD)
app.add_page(signin.signin_page, route=routes.SIGN_IN, title="Sign in · EngNest", on_load=signin.ON_LOAD)
app.add_page(account_links.verify_email_page, route=routes.VERIFY_EMAIL, title="Confirm your email · EngNest", on_load=account_links.VERIFY_ON_LOAD)
app.add_page(account_links.sign_in_link_page, route=routes.SIGN_IN_LINK, title="Sign in by link · EngNest", on_load=account_links.SIGN_IN_LINK_ON_LOAD)
app.add_page(password_reset.forgot_password_page, route=routes.FORGOT_PASSWORD, title="Forgot password · EngNest", on_load=password_reset.FORGOT_ON_LOAD)
app.add_page(password_reset.reset_password_page, route=routes.RESET_PASSWORD, title="New password · EngNest", on_load=password_reset.RESET_ON_LOAD)
app.add_page(home.home_page, route=routes.HOME, title="Home · EngNest", on_load=home.ON_LOAD)
app.add_page(profile.profile_page, route=routes.PROFILE, title="My profile · EngNest", on_load=profile.ON_LOAD)
app.add_page(settings.settings_page, route=routes.SETTINGS, title="Settings · EngNest", on_load=settings.ON_LOAD)
app.add_page(calendar_page.calendar_page, route=routes.MEETINGS, title="My meetings · EngNest", on_load=calendar_page.ON_LOAD)
app.add_page(request_page.request_page, route=routes.MEETING_NEW, title="Request a meeting · EngNest", on_load=request_page.ON_LOAD)
app.add_page(detail_page.detail_page, route=routes.MEETINGS + "/[meeting_id]", title="Meeting · EngNest", on_load=detail_page.ON_LOAD)
app.add_page(credits.credits_page, route=routes.CREDITS, title="Credits · EngNest", on_load=credits.ON_LOAD)
app.add_page(discover.discover_page, route=routes.DISCOVER, title="Discover · EngNest", on_load=discover.ON_LOAD)
app.add_page(person.person_page, route=routes.PEOPLE + "/[user_id]", title="Engineer · EngNest", on_load=person.ON_LOAD)
app.add_page(friends.friends_page, route=routes.FRIENDS, title="Friends · EngNest", on_load=friends.ON_LOAD)
app.add_page(messages.messages_page, route=routes.MESSAGES, title="Messages · EngNest", on_load=messages.MESSAGES_ON_LOAD)
app.add_page(messages.thread_page, route=messages.THREAD_ROUTE, title="Messages · EngNest", on_load=messages.THREAD_ON_LOAD)
app.add_page(project_directory.find_team_page, route=routes.PROJECTS, title="Find a team · EngNest", on_load=project_directory.FIND_ON_LOAD)
app.add_page(project_directory.new_project_page, route=routes.PROJECT_NEW, title="Start a project · EngNest", on_load=project_directory.NEW_ON_LOAD)
app.add_page(project_page.project_page, route=routes.PROJECTS + "/[project_id]", title="Project · EngNest", on_load=project_page.ON_LOAD)
app.add_page(room_directory.directory_page, route=routes.ROOMS, title="Rooms · EngNest", on_load=room_directory.ON_LOAD)
app.add_page(room_page.room_page, route=room_page.ROUTE, title="Room · EngNest", on_load=room_page.ON_LOAD)
app.add_page(moderation_page.moderation_page, route=routes.MODERATION, title="Moderation · EngNest", on_load=moderation_page.ON_LOAD)
app.add_page(post_feed.feed_page, route=routes.FEED, title="Feed · EngNest", on_load=post_feed.ON_LOAD)
app.add_page(post_page.post_page, route=post_page.ROUTE, title="Post · EngNest", on_load=post_page.ON_LOAD)
app.add_page(notifications.notifications_page, route=routes.NOTIFICATIONS, title="Notifications · EngNest", on_load=notifications.ON_LOAD)
app.add_page(not_found.not_found_page, route="404", title="Page not found · EngNest", on_load=not_found.ON_LOAD)
