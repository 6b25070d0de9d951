"""The only code that writes the database.

`do_*` functions take valid input and make the whole change atomically; `check_*` functions validate
first (raising `ValidationFailed` with nothing written). All take a keyword-only `session`.
"""
