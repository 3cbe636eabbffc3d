"""The house keeps its shape: a room imports only rooms below it, and no module imports itself
back through others (lazy imports inside functions count too)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "compiler"
# Lowest first: the flow (discovery -> screening -> reading -> checking -> the quarter's rules
# -> figures -> outputs), with the side trades above what they use. See ARCHITECTURE.md.
ROOMS = ["model", "files", "intake", "screen", "read", "check", "figures", "run", "quarter", "recap",
         "correction", "outputs", "template", "sample", "archive", "jobs", "api", "web", "cli"]


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(path: Path, modules: dict) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in modules and m != "compiler"}


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_room_is_placed():
    rooms = {_room(m) for m in _modules()} - {""}
    assert rooms <= set(ROOMS), f"add the new room to ROOMS and ARCHITECTURE.md: {rooms - set(ROOMS)}"


def test_a_room_imports_only_rooms_below_it():
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        if not _room(name):
            continue
        for target in _imports(path, modules):
            if ROOMS.index(_room(target)) > ROOMS.index(_room(name)):
                wrong.append(f"{name} -> {target}")
    assert not wrong, "imports running back up the floors:\n" + "\n".join(sorted(wrong))


def test_no_import_circle():
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    state: dict[str, int] = {}
    circles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append(" -> ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not circles, "import circles:\n" + "\n".join(circles)
