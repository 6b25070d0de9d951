"""The service convention (docs/architecture.md, "The service convention") is checked, not just written down:

- no module under `engnest/<feature>/services/` calls `.commit()`: the outermost caller owns the unit of work
  (`platform.db.in_session` / `unit_of_work`);
- a `check_*` function validates only: neither it nor a function of its module that it calls writes (session
  `add`/`delete`/`flush`/`merge`, an insert/update/delete statement, an attribute assignment on a row, a `do_*`
  call, a push);
- a `do_*` function trusts its input: it calls no `check_*` and raises no `ValidationFailed`.

Packages still being converted are in ALLOW_LIST; an entry that has no violation left fails, so the list only
shrinks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGNEST = ROOT / "engnest"

# Packages still being converted (none now); an entry leaves as soon as its package passes, the test below makes
# sure of it.
ALLOW_LIST: set[str] = set()

WRITE_METHODS = {"add", "add_all", "delete", "merge", "flush", "commit", "bulk_save_objects", "bulk_insert_mappings"}
STATEMENT_BUILDERS = {"insert", "update", "delete"}
WRITE_FUNCTIONS = {"push_after_commit"}


def _call_name(call: ast.Call) -> tuple[str | None, str]:
    """(receiver, name) of a call: `session.add(x)` -> ("session", "add"), `do_x()` -> (None, "do_x")."""
    func = call.func
    if isinstance(func, ast.Attribute):
        receiver = func.value.id if isinstance(func.value, ast.Name) else "?"
        return receiver, func.attr
    if isinstance(func, ast.Name):
        return None, func.id
    return "?", ""


def _direct_writes(fn: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            receiver, name = _call_name(node)
            if name in STATEMENT_BUILDERS and receiver in (None, "sa", "sqlalchemy", "sqlmodel"):
                found.append(f"line {node.lineno}: {name}(...) statement")
            elif receiver == "session" and name in WRITE_METHODS:
                found.append(f"line {node.lineno}: session.{name}()")
            elif name in STATEMENT_BUILDERS:
                found.append(f"line {node.lineno}: {name}(...) statement")
            elif name.startswith("do_") or name in WRITE_FUNCTIONS:
                found.append(f"line {node.lineno}: calls {name}()")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Attribute) and isinstance(sub.ctx, ast.Store):
                        found.append(f"line {node.lineno}: assigns {ast.unparse(sub)}")
    return found


def _local_calls(fn: ast.AST) -> set[str]:
    return {node.func.id for node in ast.walk(fn) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


def violations_in(source: str, where: str) -> Iterator[str]:
    tree = ast.parse(source)
    functions = {node.name: node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node)[1] == "commit" and _call_name(node)[0] is not None:
            yield f"{where} line {node.lineno}: services never commit (the outermost caller's unit of work does)"
    for name, fn in functions.items():
        if name.startswith("check_"):
            seen, todo = {name}, [name]
            while todo:
                current = todo.pop()
                for write in _direct_writes(functions[current]):
                    via = "" if current == name else f" (in {current}, which it calls)"
                    yield f"{where} {name}: a check_ writes: {write}{via}"
                for callee in _local_calls(functions[current]) - seen:
                    if callee in functions and not callee.startswith("do_"):
                        seen.add(callee)
                        todo.append(callee)
        elif name.startswith("do_"):
            for node in ast.walk(fn):
                if isinstance(node, ast.Call) and _call_name(node)[1].startswith("check_"):
                    yield f"{where} {name} line {node.lineno}: a do_ validates: calls {_call_name(node)[1]}()"
                if isinstance(node, ast.Raise) and node.exc is not None and "ValidationFailed" in ast.unparse(node.exc):
                    yield f"{where} {name} line {node.lineno}: a do_ validates: raises ValidationFailed"


def service_modules() -> Iterator[Path]:
    for services in sorted(ENGNEST.glob("*/services")):
        yield from sorted(services.rglob("*.py"))


def _package(path: Path) -> str:
    return "/".join(path.relative_to(ROOT).parts[:2])


def _violations_by_package() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in service_modules():
        where = str(path.relative_to(ROOT))
        found.setdefault(_package(path), []).extend(violations_in(path.read_text(), where))
    return found


def test_services_never_commit_checks_never_write_and_dos_never_validate():
    found = _violations_by_package()
    broken = [v for package, items in found.items() if package not in ALLOW_LIST for v in items]
    assert not broken, "\n".join(broken)


def test_the_allow_list_only_holds_packages_that_still_break_the_convention():
    found = _violations_by_package()
    stale = sorted(package for package in ALLOW_LIST if not found.get(package))
    assert not stale, f"remove from ALLOW_LIST, they follow the convention now: {stale}"


def test_every_feature_with_services_is_checked():
    assert {_package(p) for p in service_modules()} >= {
        "engnest/profiles", "engnest/network", "engnest/notifications", "engnest/billing", "engnest/discovery",
    }


BAD = '''
def helper(session, row):
    session.add(row)

def check_thing(*, session, value):
    helper(session, value)
    value.name = "x"
    session.execute(update(T).values(a=1))
    return do_thing(session=session)

def do_thing(*, session):
    check_other(session=session)
    session.commit()
    raise ValidationFailed({"a": "b"})
'''

GOOD = '''
def _load(session, key):
    return session.get(T, key)

def check_thing(*, session, value):
    row = _load(session, value)
    if row is None:
        raise ValidationFailed({"value": "No such thing."})
    return ThingRequest(row_id=row.id)

def do_thing(*, session, request, now):
    row = session.get(T, request.row_id)
    row.updated_at = now
    session.add(Log(row_id=row.id))
    with session.begin_nested():
        session.flush()
'''


def test_the_checker_finds_each_kind_of_violation_and_passes_the_convention():
    bad = list(violations_in(BAD, "bad.py"))
    assert any("helper, which it calls" in v and "session.add()" in v for v in bad)
    assert any("assigns value.name" in v for v in bad)
    assert any("update(...) statement" in v for v in bad)
    assert any("calls do_thing()" in v for v in bad)
    assert any("calls check_other()" in v for v in bad)
    assert any("never commit" in v for v in bad)
    assert any("raises ValidationFailed" in v for v in bad)
    assert list(violations_in(GOOD, "good.py")) == []
