"""Every rule code of the standard has an emitter, and no emitter uses a code the standard
does not declare (schemas/standard.py RULES is the one list)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from compiler.model.findings import make
from schemas.standard import RULES

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[a-z]+(?:-[a-z]+)+$")
EMITTERS = ("make", "file_problem", "_add", "add")
# Where findings are made: everything in compiler/ but the sample generator (which plans
# mistakes and names the codes it expects) and the CLI (which only reads findings).
SOURCES = [p for p in (ROOT / "compiler").rglob("*.py")
           if not {"sample", "cli"} & set(p.relative_to(ROOT / "compiler").parts)]
SOURCES.append(ROOT / "schemas" / "frames.py")


def _codes_used() -> dict[str, set[str]]:
    """Code-shaped strings where a code goes: first argument of an emitter, a pandera check
    named `code` or `code:detail`, or compared with a finding's `.code`."""
    found: dict[str, set[str]] = {}

    def note(node, where):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            code = node.value.split(":")[0]
            if CODE.match(code):
                found.setdefault(code, set()).add(where)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            for elt in node.elts:
                note(elt, where)

    for path in SOURCES:
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if name in EMITTERS and node.args:
                    note(node.args[0], where)
                if name == "_check" and len(node.args) > 1:   # schemas/frames.py: a pandera check's rule
                    note(node.args[1], where)
                for kw in node.keywords:   # a pandera check is named by its code
                    if kw.arg == "code" or (kw.arg == "name" and name == "Check"):
                        note(kw.value, where)
            elif isinstance(node, ast.Compare):
                sides = [node.left, *node.comparators]
                if any(isinstance(s, ast.Attribute) and s.attr == "code" for s in sides):
                    for side in sides:
                        note(side, where)
    return found


def _literals() -> set[str]:
    out = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.add(node.value.split(":")[0])
    return out


def test_no_emitter_uses_an_undeclared_code():
    unknown = {code: sorted(where) for code, where in _codes_used().items() if code not in RULES}
    assert not unknown, f"codes not declared in schemas/standard.py RULES: {unknown}"


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_declared_code_has_an_emitter(code):
    assert code in _literals(), f"{code} is declared in RULES but nothing in compiler/ emits it"


def test_an_undeclared_code_cannot_be_made():
    with pytest.raises(KeyError):
        make("no-such-rule", "laporan.xlsx")
