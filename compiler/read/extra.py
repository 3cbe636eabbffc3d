"""Records typed on a sheet that is not read (STANDARD 1.4, `sheet-extra-data`).

One sheet per month ("Pemasukan Agustus" beside "Pemasukan") is a habit: its records would be
left out of the recap with a mere warning. An extra sheet is a standard book's when it carries
that book's header row (every required title, found as on a standard sheet) and at least one
record below it; a record here fills at least two thirds of the book's required columns (two
at least), so that a total row ("JUMLAH" and an amount) is none. A notes sheet, a sheet of
photos, or a copy of the header alone, stay `sheet-unknown`.
"""
from __future__ import annotations

import math

from compiler.read.header import find_header, map_columns
from compiler.read.values import is_empty
from schemas.standard import TABLES, Sheet


def _ignore(*_args, **_kw) -> None:
    """Findings of a sheet that is not read are not said."""


def book_on(rows) -> tuple[Sheet, int, int, int] | None:
    """(the book, how many records, first and last Excel row of them) of an extra sheet's rows;
    None when it carries no standard book's header row with records below."""
    best = None
    for spec in TABLES:
        h, _ = find_header(spec, rows)
        if h is None:
            continue
        cols, _ = map_columns(_ignore, spec, "", rows[h], h + 1)
        required = [c.key for c in spec.columns if c.required]
        if any(key not in cols for key in required):
            continue
        need = max(2, math.ceil(len(required) * 2 / 3))
        found = [h + 2 + k for k, line in enumerate(rows[h + 1:])
                 if sum(cols[key] < len(line) and not is_empty(line[cols[key]]) for key in required) >= need]
        if found and (best is None or len(cols) > best[0]):
            best = (len(cols), spec, found)
    if best is None:
        return None
    _, spec, found = best
    return spec, len(found), found[0], found[-1]
