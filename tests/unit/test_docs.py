"""The committed reference docs are exactly what the declaration of the standard generates."""
from pathlib import Path

from compiler.template.docs import render
from schemas.standard import RULES, TABLES


def test_docs_are_generated_from_the_declaration():
    committed = (Path(__file__).resolve().parents[2] / "docs" / "standar.md").read_text(encoding="utf-8")
    assert committed == render(), "run: python -m compiler.template.docs > docs/standar.md"
    for sheet in TABLES:
        assert f"## {sheet.name}" in committed
    for code in RULES:
        assert f"`{code}`" in committed
