"""Pure rules: no reflex, no database, no clock (`now`/`today` are always parameters)."""
