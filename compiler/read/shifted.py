"""Records pasted under the wrong headers, whole columns away (STANDARD 1.4, `columns-shifted`).

A book pasted with an extra leading column (a voucher number) puts every value one column right
of its header: read as it stands, each row gives a date that is no date, a choice that is no
choice, an amount that is a word. One finding for the block says what happened; its cells say
nothing more.

A row is shifted by k columns when, read as it stands, at least `MIN_WRONG` of its typed cells
(dates, amounts, counts, choices, NIK) are wrong or, if required, empty (just one where the sheet
has one typed column),
and read k columns further every typed cell that holds a value is right, and more of them than
as it stands (`MIN_WRONG` at least). A block is `MIN_BLOCK` or more such records in a row, with the same k (1 to `MAX_SHIFT`,
either way). What volunteers legitimately add is never a block: a total row is one row, a
Keterangan written across several columns puts no typed cell wrong, and two rows that happen to
fail are too few.
"""
from __future__ import annotations

from compiler.read.values import is_empty, parse_cell
from schemas.standard import DATE, ENUM, INT, NIK, RP, RULES, WARNING, Column

MIN_BLOCK = 3     # records in a row: two rows that happen to fail are no block
MIN_WRONG = 2     # typed cells wrong as the row stands (1 on a sheet with a single typed column)
MAX_SHIFT = 3     # columns either way
TYPED = (DATE, RP, INT, ENUM, NIK)


def _right(raw, col: Column, lookup) -> bool | None:
    """Whether a cell reads as its column's kind (None: empty)."""
    if raw is None or raw == "" or is_empty(raw):
        return None
    value, code, _ = parse_cell(raw, col, lookup)
    if code is not None and RULES[code].severity != WARNING:   # a warning's value is read
        return False
    if col.kind == ENUM:
        return value in col.allowed
    if col.kind == NIK:
        return isinstance(value, str) and len(value) == 16 and value.isdigit()
    if col.kind in (RP, INT):
        return value is not None and value >= 0
    return True


def _count(line, typed, shift: int) -> tuple[int, int]:
    """(right, wrong) typed cells of a row read `shift` columns away from the headers."""
    right = wrong = 0
    for col, c, lookup in typed:
        k = c + shift
        raw = line[k] if 0 <= k < len(line) else None
        ok = _right(raw, col, lookup)
        if ok is True:
            right += 1
        elif ok is False or (shift == 0 and col.required):   # as it stands, a required cell left empty
            wrong += 1
    return right, wrong


def shifted_blocks(body, first_row: int, record_rows: list[int], candidates: set[int], typed) -> list[tuple]:
    """(index of the first record, index of the last, shift) of each shifted block.
    `body[k]` is the whole sheet row `first_row + k`; `record_rows` the Excel row of each record;
    `candidates` the indexes of records with a wrong typed cell (only those can be shifted);
    `typed` (column, 0-based index, enumeration lookup) of the typed columns read."""
    if not candidates or not typed:
        return []
    need = MIN_WRONG if len(typed) > 1 else 1
    shift_of: dict[int, int] = {}
    for i in sorted(candidates):
        line = body[record_rows[i] - first_row]
        right0, wrong0 = _count(line, typed, 0)
        if wrong0 < need:
            continue
        for shift in (1, -1, 2, -2, 3, -3)[:2 * MAX_SHIFT]:
            right, wrong = _count(line, typed, shift)
            if wrong == 0 and right >= need and right > right0:
                shift_of[i] = shift
                break
    blocks, start = [], None
    for i in sorted(shift_of):
        if start is not None and i == prev + 1 and shift_of[i] == shift_of[start]:
            prev = i
            continue
        if start is not None and prev - start + 1 >= MIN_BLOCK:
            blocks.append((start, prev, shift_of[start]))
        start = prev = i
    if start is not None and prev - start + 1 >= MIN_BLOCK:
        blocks.append((start, prev, shift_of[start]))
    return blocks
