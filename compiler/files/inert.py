"""Keep text that looks like a formula inert in every CSV and XLSX we write.

A value typed by a volunteer (or planted by a hostile file) such as `=HYPERLINK(...)` must
show as text, never run. Plain "-" and numbers stay as they are.
"""
from __future__ import annotations

import re

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)*$")


def looks_like_formula(text: str) -> bool:
    return text.startswith(_TRIGGERS) and text != "-" and not _NUMBER.match(text)


def csv_text(value) -> str:
    """A CSV field: formula-looking text gets a leading apostrophe, as OWASP advises."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


def set_cell(cell, value) -> None:
    """Write a value into an openpyxl cell; text is always stored as text, never a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
