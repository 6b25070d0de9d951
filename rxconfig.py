"""Reflex configuration. Values come from engnest.platform.settings (environment / .env), so the same code
runs embedded (SQLite, in-process state) or scaled out (PostgreSQL + Redis) by configuration alone."""

import reflex as rx

from engnest.platform.settings import get_settings

_settings = get_settings()

_urls = {"api_url": _settings.api_url, "deploy_url": _settings.public_url} if _settings.api_url else {}

config = rx.Config(
    app_name="engnest",
    **_urls,
    # Browsers may call the backend (HTTP with credentials, and the websocket) only from our own origins: Reflex
    # hands this list to both its CORS middleware and the socket.io server (which refuses other Origins).
    cors_allowed_origins=_settings.allowed_origins,
    db_url=_settings.db_url,
    redis_url=_settings.redis_url,
    state_manager_mode=(
        rx.constants.StateManagerMode.REDIS if _settings.redis_url else rx.constants.StateManagerMode.MEMORY
    ),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    default_color_mode="system",
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium", scaling="100%")
        )
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
    # Pages do not evaluate dynamic components (nothing reads window.__reflex), so the whole @radix-ui/themes
    # namespace need not load on every route: each route loads only the components it renders.
    frontend_lazy_bundled_libraries=True,
    # Brotli for browsers that accept it (every current one), gzip for the rest: about a fifth less JS on the wire.
    frontend_compression_formats=["brotli", "gzip"],
)
