"""Find a table's header row and map its titles to the standard's columns.

Volunteers add title rows above the header, type titles in other case or without their unit,
merge a title down over a two-row header, and rename or repeat columns; each is read as the
person sees it, or said once (`compiler.read.renamed` for what a renamed title meant).
"""
from __future__ import annotations

from collections import Counter

from compiler.model.findings import col_letter
from compiler.read.records import label_of
from compiler.read.renamed import likely
from compiler.read.values import as_text, is_empty
from schemas.standard import NO_LABEL, TABLES, Column, Sheet, label_key

HEADER_SCAN_ROWS = 30


def labels_of(columns) -> dict[str, Column]:
    """Label key -> column; a label may also be typed without its unit ("Jumlah" for
    "Jumlah (Rp)") where no other label of the sheet reads so."""
    out = {label_key(c.label): c for c in columns}
    for c in columns:
        bare = label_key(c.label.replace("(Rp)", ""))
        out.setdefault(bare, c)
    return out


_LABELS = {s.key: labels_of(s.columns) for s in TABLES}
_CANONICAL = {s.key: {k: label_key(c.label) for k, c in _LABELS[s.key].items()} for s in TABLES}
_REQUIRED = {s.key: {label_key(lbl) for lbl in s.required_labels} for s in TABLES}
_NO_KEY = label_key(NO_LABEL)


def header_line(rows, r: int, merges) -> list:
    """Row r as the person sees it: a title merged down from a row above (a two-row header
    whose 'Tanggal' spans both rows) stands in each of its rows."""
    line = rows[r]
    for r1, c, r2 in merges:
        if r1 - 1 < r <= r2 - 1 and c - 1 < len(line) and is_empty(line[c - 1]) \
                and isinstance(above := rows[r1 - 1][c - 1], str) and above.strip():
            line = list(line) if line is rows[r] else line
            line[c - 1] = above
    return line


def find_header(spec: Sheet, rows, merges=()) -> tuple[int | None, int]:
    """Index of the header row: the first of the first 30 rows holding every required label;
    failing that, the row holding most labels if it has at least two and half the required."""
    labels = _LABELS[spec.key]
    canonical = _CANONICAL[spec.key]
    required = _REQUIRED[spec.key]
    best, best_count = None, 0
    for r in range(min(len(rows), HEADER_SCAN_ROWS)):
        line = header_line(rows, r, merges) if merges else rows[r]
        keys = {canonical.get(k, k) for k in {label_of(v) for v in line if isinstance(v, str) and v}}
        if required <= keys:
            return r, len(keys & labels.keys())
        count = len(keys & labels.keys())
        if count > best_count:
            best, best_count = r, count
    if best is not None and best_count >= 2 and best_count * 2 >= len(required):
        return best, best_count
    return None, 0


def map_columns(add, spec: Sheet, sheet: str, header, row: int) -> tuple[dict[str, int], dict[str, str]]:
    """Column key -> 0-based column index, from the header row's labels; and the key of each
    column not there -> the one title that likely meant it. A label typed
    without its unit ("Jumlah") is that column only when the label itself is not there too.
    A title that is no label but likely meant a required column missing ("Nama" for "Nama
    Donatur") is one mistake: that column's column-missing, saying to rename it."""
    labels, canonical = _LABELS[spec.key], _CANONICAL[spec.key]
    texts = ["" if is_empty(raw) else as_text(raw) for raw in header]
    present = {label_of(t) for t in texts if t}
    cols: dict[str, int] = {}
    unknown: list[str] = []   # each extra column's title, as often as it is there
    for c, text in enumerate(texts):
        key = label_of(text) if text else _NO_KEY
        if key == _NO_KEY:
            continue
        if key not in labels or (canonical[key] != key and canonical[key] in present):
            unknown.append(" ".join(text.split()))
            continue
        col = labels[key]
        if col.key in cols:
            add("column-duplicate", sheet, column=col.label, sel=f"{col_letter(cols[col.key])}{row} dan {col_letter(c)}{row}")
            continue
        cols[col.key] = c
    by_label = {c.label: c for c in spec.columns}
    absent = [c.label for c in spec.columns if c.key not in cols]   # not read under any of its titles
    meant = [(text, likely(text, absent)) for text in unknown]
    renamed = Counter(near for _, near in meant)   # two titles meaning one column: neither is sure
    for text, near in meant:
        col = by_label.get(near)
        if col is not None and col.required and col.key not in cols and renamed[near] == 1:
            continue   # said with that column's column-missing, below
        add("column-unknown", sheet, column=text,
            saran=(f"Jika maksudnya kolom '{near}', ubah judulnya menjadi '{near}' persis seperti pada templat."
                   if near and renamed[near] == 1 else "Jika isinya penting, pindahkan ke kolom Keterangan." if "keterangan" in labels
                   else "Isinya tidak masuk laporan; hapus kolom ini bila tidak perlu."))
    typed = {near: text for text, near in meant if near and renamed[near] == 1}
    for col in spec.columns:
        if col.required and col.key not in cols:
            add("column-missing", sheet, column=col.label,
                saran=(f"Kolom berjudul '{typed[col.label]}' tampaknya kolom ini: ubah judulnya menjadi "
                       f"'{col.label}', persis seperti pada templat." if col.label in typed else
                       f"Tambahkan kolom berjudul '{col.label}' di baris judul, persis seperti pada templat."))
    return cols, {by_label[near].key: text for near, text in typed.items()}
