"""The blank Reflex app of the page-weight benchmark (bench/page_weight.py): run from this directory."""

import reflex as rx

config = rx.Config(
    app_name="blank",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    disable_plugins=[rx.plugins.SitemapPlugin],
)
