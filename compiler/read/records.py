"""Which rows below a table's header are records, and what a merged cell gives them.

STANDARD 1.2: a row of empty cells (or only `No`) is not a record; neither, as the volunteer
means it, is a row of dashes or NIHIL, a row that only says the book is empty, or the header
row pasted again. A value merged down a column belongs to each row it covers.
"""
from __future__ import annotations

import functools
import re

from compiler.model.findings import col_letter
from compiler.read.values import is_empty
from schemas.standard import label_key, norm

_REF = re.compile(r"([A-Z]+)([1-9][0-9]*)")


@functools.lru_cache(maxsize=4096)
def label_of(text: str) -> str:
    return label_key(text)


def records(lines: list, header: tuple, first: int, bad_rows: set) -> list[int]:
    """Indexes of the lines that are records: holding a value in a column read (No is not
    read), or an error value; not the header row pasted again (`header`: its cells in the
    columns read). `first` is the Excel row of lines[0], `bad_rows` the Excel rows holding an
    error value."""
    blank = ("",) * len(header)   # calamine's empty row: most rows below a short table
    return [k for k, line in enumerate(lines)
            if (line != blank and line != header and not all(map(is_empty, line)) and not _says_none(line))
            or k + first in bad_rows]


def error_cells(errs, cs: list[int]) -> set[tuple[int, int]]:
    """(Excel row, 0-based column) of the error cells in the columns read."""
    if not errs:
        return set()
    letters = {col_letter(c): c for c in cs}
    out = set()
    for ref in errs:
        m = _REF.fullmatch(ref)
        if m and m.group(1) in letters:
            out.add((int(m.group(2)), letters[m.group(1)]))
    return out


def fill_merged(lines: list, cs: list[int], shared: list[bool], merges, first: int, copies: dict,
                covered: dict) -> None:
    """A date, text, choice or NIK merged down a column over several records (one meeting date
    for all its attendees, one person's NIK over the rows of their PPKS kinds) is each record's,
    as the person sees it; `copies` notes (row, column) -> the row it came from. Amounts and
    counts are never copied: each record has its own, and a copy would multiply a figure
    (`shared[j]` says whether column cs[j] may be);
    their hidden cells are noted in `covered` (-> the merged cell's row), so that a finding
    there can say why, on the cell the person sees.
    `first` is the Excel row of lines[0]; a row is filled only if it holds another value, so
    that a merge reaching below the records makes none. The screen keeps merges that overlap
    from ever getting here, so each row of a column is filled at most once."""
    for r1, c, r2 in merges:
        if c - 1 not in cs or r1 < first or r1 - first >= len(lines):
            continue
        j = cs.index(c - 1)
        value = lines[r1 - first][j]
        rows = range(r1 - first + 1, min(r2 - first + 1, len(lines)))
        if not shared[j]:
            covered.update(((k + first, c - 1), r1) for k in rows)
            continue
        if is_empty(value):
            continue
        for k in rows:
            line = lines[k]
            if line[j] == "" and not all(is_empty(v) for i, v in enumerate(line) if i != j):
                lines[k] = line[:j] + (value,) + line[j + 1:]
                copies[(k + first, c - 1)] = r1


_NONE_WORDS = ("nihil", "tidak ada", "belum ada", "kosong")


def _says_none(line: tuple) -> bool:
    """A row that only says the book is empty this quarter ("Tidak ada tamu pada triwulan ini")."""
    filled = None
    for v in line:
        if not is_empty(v):
            if filled is not None:
                return False             # a second value: a record (the common case, decided here)
            filled = v
    return type(filled) is str and norm(filled).startswith(_NONE_WORDS)



