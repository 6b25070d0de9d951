"""Route strings in one place (pages, redirects and links use these constants)."""

from urllib.parse import quote

LANDING = "/"
SIGN_UP = "/signup"
SIGN_IN = "/signin"
HOME = "/home"
PROFILE = "/profile"
SETTINGS = "/settings"

# Backend (HTTP) endpoints, served by the same process as the websocket.
AUTH_BINDING = "/auth/binding"  # POST: this browser's pre-session secret (cookie) and its binding
AUTH_SESSION = "/auth/session"  # POST: redeem a sign-in's activation code from the browser that signed in
AUTH_SIGN_OUT = "/auth/signout"  # POST
AVATAR = "/media/avatar"
ATTACHMENT = "/media/attachment"  # /media/attachment/<id>/<name>: a file sent in a conversation (its members only)


def attachment_url(attachment_id: int, name: str) -> str:
    return f"{ATTACHMENT}/{attachment_id}/{quote(name, safe='')}"


def sign_in_next(path: str) -> str:
    return f"{SIGN_IN}?next={quote(safe_next(path), safe='')}"


def safe_next(path: str | None, default: str = HOME) -> str:
    """Only same-site relative paths are allowed as post-login targets (no open redirects)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return default
    if path.startswith((SIGN_IN, SIGN_UP, "/auth/")):
        return default
    return path


def avatar_url(user_id: int, version: str) -> str:
    return f"{AVATAR}/{user_id}?v={version}"


# Feature routes (a page is added to the nav only once it exists).
DISCOVER = "/discover"
PEOPLE = "/people"  # /people/[user_id]: a person's profile (anonymised unless collaborators)
FRIENDS = "/friends"
MEETINGS = "/meetings"  # calendar
MEETING_NEW = "/meetings/new"  # ?with=<user_id>
CREDITS = "/credits"
MESSAGES = "/messages"  # /messages/[user_id]: the thread with that collaborator
NOTIFICATIONS = "/notifications"
PROJECTS = "/projects"  # "Find a team": the project directory
PROJECT_NEW = "/projects/new"
ROOMS = "/rooms"  # the room directory; /rooms/[room_id]: one room
MODERATION = "/moderation"  # reports to handle (room moderators, site admins) and the site audit
FEED = "/feed"  # the posts feed (?sort=&tag=&room=); /feed/[post_id]: one post and its comments


def person_url(user_id: int | str) -> str:
    return f"{PEOPLE}/{user_id}"


def project_url(project_id: int | str) -> str:
    return f"{PROJECTS}/{project_id}"


def room_url(room_id: int | str) -> str:
    return f"{ROOMS}/{room_id}"


def post_url(post_id: int | str) -> str:
    return f"{FEED}/{post_id}"


def meeting_url(meeting_id: int | str) -> str:
    return f"{MEETINGS}/{meeting_id}"


def meeting_request_url(user_id: int | str) -> str:
    return f"{MEETING_NEW}?with={user_id}"


def thread_url(user_id: int | str) -> str:
    return f"{MESSAGES}/{user_id}"


# Meetings: HTTP endpoints (calendar files, payments).
MEETING_ICS = "/calendar/meeting"  # /calendar/meeting/<id>.ics (participants only, session cookie)
CALENDAR_FEED = "/calendar/feed"  # /calendar/feed/<token>.ics (secret URL for calendar apps, made in Settings)
AVAILABILITY_FEED = "/calendar/free-busy"  # /calendar/free-busy/<token>.ics (free hours and busy times only)
PAYMENTS_DEV_COMPLETE = "/payments/dev/complete"
STRIPE_WEBHOOK = "/payments/stripe/webhook"


def meeting_ics_url(meeting_id: int | str) -> str:
    return f"{MEETING_ICS}/{meeting_id}.ics"


def calendar_feed_path(token: str) -> str:
    return f"{CALENDAR_FEED}/{token}.ics"


def availability_feed_path(token: str) -> str:
    return f"{AVAILABILITY_FEED}/{token}.ics"


# Account links (emailed; each page asks for a click before anything happens) and password recovery.
VERIFY_EMAIL = "/account/verify"  # ?token=
SIGN_IN_LINK = "/account/sign-in-link"  # ?token=
FORGOT_PASSWORD = "/account/forgot-password"
RESET_PASSWORD = "/account/reset-password"  # ?token=
