"""The one place the app reads the wall clock. Domain code never does; services take `now`."""

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
