"""The minimal Reflex app of the chat benchmark (bench/chat.py): run from this directory."""

import reflex as rx

config = rx.Config(
    app_name="minimal",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=["*"],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
