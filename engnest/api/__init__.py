"""The REST API v1 (issue 15): FastAPI mounted at /api/v1 beside Reflex, personal access tokens, and routers that
read and write through the other features' services (never their tables), with the same privacy rules as the UI."""
