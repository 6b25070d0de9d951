"""The REST API v1 (issue 15): FastAPI mounted at /api/v1 beside Reflex. This package only assembles the
features' routers (`engnest/<feature>/api`, over `engnest.platform.api`); it reads no table and calls no service
itself (an import-linter contract keeps it so)."""
