"""Counts the SQL statements and commits of a benchmarked server (loaded by Python at start-up when this folder
is on PYTHONPATH; active only with ENGNEST_BENCH_SQL_DIR set). Each process keeps two 8-byte counters in a
memory-mapped file `<dir>/<pid>` that the benchmark reads while the server runs (no thread, no signal)."""

import os

_DIR = os.environ.get("ENGNEST_BENCH_SQL_DIR")

if _DIR:
    import mmap
    import struct

    import sqlalchemy as sa

    _map: list[mmap.mmap] = []

    def _counters() -> mmap.mmap:
        if not _map:  # opened lazily, in the process that runs the statements (not a parent that only forks)
            path = os.path.join(_DIR, str(os.getpid()))
            with open(path, "wb") as f:
                f.write(b"\0" * 16)
            with open(path, "r+b") as f:
                _map.append(mmap.mmap(f.fileno(), 16))
        return _map[0]

    def _bump(offset: int) -> None:
        m = _counters()
        m[offset:offset + 8] = struct.pack("<q", struct.unpack("<q", m[offset:offset + 8])[0] + 1)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", lambda *a, **k: _bump(0))
    sa.event.listen(sa.engine.Engine, "commit", lambda *a, **k: _bump(8))
