"""Fixtures shared by the service tests."""

from __future__ import annotations

import pytest
from dm_support import collaborators, person


@pytest.fixture
def pair(session):
    """Two people who may message each other (collaborators after an accepted meeting)."""
    a, b = person(session), person(session)
    collaborators(session, a, b)
    return a, b
