"""My profile: a preview of the full profile, a completeness checklist, and an editor per section."""
