"""Chaos tier: faults injected into real servers the tests start themselves (never the shared PostgreSQL on
5432 or Redis on 6379), asserting nothing lost, nothing duplicated, and recovery within a bound."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import require

from chaos.services import OwnRedis


def pytest_collection_modifyitems(items):
    for item in items:
        if "/chaos/" in str(item.fspath):
            item.add_marker(pytest.mark.chaos)


@pytest.fixture
def own_redis(tmp_path):
    require(shutil.which("redis-server") is not None, "redis-server")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.kill()


@pytest.fixture(scope="package")
def chaos_stack(tmp_path_factory):
    import shutil as sh

    from chaos.stack import start_stack, stop_stack

    for tool in ("redis-server", "nginx", "runuser"):
        require(sh.which(tool) is not None or tool == "nginx" and Path("/usr/sbin/nginx").exists(), tool)
    stack = start_stack(tmp_path_factory.mktemp("chaos"))
    try:
        yield stack
    finally:
        stop_stack(stack)
