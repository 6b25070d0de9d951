"""A person\x27s page: anonymised for strangers, full for the owner and collaborators."""
