"""A finding: one small, picklable record of what is wrong, where, and what to type instead.

Positions are what the person sees in Excel: 1-based rows, letter columns, `D7` cells.
Messages come from the rule's template in `schemas.standard.RULES`.
"""
from __future__ import annotations

from dataclasses import dataclass

from schemas.standard import FILE_ADVICE, RULES


class _Blank(dict):
    def __missing__(self, key):
        return ""


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str
    file: str
    sheet: str = ""
    cell: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    message: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def sort_key(self):
        return (self.file, self.sheet, self.row or 0, col_index(self.cell), self.code)


def col_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A)."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_index(cell: str) -> int:
    """Column number of a cell reference like 'AB12' (0 when there is no cell)."""
    n = 0
    for ch in cell:
        if not ch.isalpha():
            break
        n = n * 26 + ord(ch.upper()) - 64
    return n


def make(code: str, file: str, sheet: str = "", *, col: int | None = None, row: int | None = None,
         column: str = "", value: str = "", **fields) -> Finding:
    """Build a finding from its rule: `row` is the Excel row, `col` the 0-based column index."""
    rule = RULES[code]
    cell = f"{col_letter(col)}{row}" if col is not None and row is not None else ""
    message = rule.message.format_map(_Blank(rule.defaults, nilai=value, kolom=column, lembar=sheet,
                                              **fields)).strip()
    return Finding(code, rule.severity, file, sheet, cell, row, column, value, message)


def listed(items: list[str], most: int = 5) -> str:
    """'a, b dan c': the first `most` of them and how many more, so that a message stays short."""
    if len(items) > most:
        return ", ".join(items[:most]) + f" dan {len(items) - most} lainnya"
    return ", ".join(items[:-1]) + " dan " + items[-1] if len(items) > 1 else "".join(items)


def file_problem(code: str, file: str, sebab: str) -> Finding:
    """A file-level finding: the reason, then what to do unless the reason already says it."""
    sebab = sebab.strip()
    sebab = sebab[:1].upper() + sebab[1:]
    said = any(w in sebab.casefold() for w in ("kirim ulang", "simpan ulang", "periksa ulang"))
    return make(code, file, sebab=sebab, saran="" if said else FILE_ADVICE[code])


def has_errors(findings) -> bool:
    return any(f.severity == "error" for f in findings)
