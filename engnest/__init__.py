"""EngNest: engineers of every discipline find collaborators and actually meet."""
