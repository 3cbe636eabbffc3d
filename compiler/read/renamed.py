"""Which sheet of the standard a workbook's sheet is, and what a renamed sheet or column meant.

Volunteers rename: "Donatur" for the sheet "Data Donatur", "Nama" for the column "Nama
Donatur". A title that likely meant a missing one is said in that one's finding, with the name
to type, instead of as two findings (one missing, one unknown) whose advice would lose data.
"""
from __future__ import annotations

import re

from compiler.read.values import closest
from schemas.standard import IDENTITAS, IGNORED_SHEETS, TABLES, norm

EXPECTED = {norm(s.name): s for s in (IDENTITAS,) + TABLES}
_IGNORED = {norm(n) for n in IGNORED_SHEETS}
_EMPTY = {"sebab": "kosong dan bukan bagian dari templat", "saran": "Lembar ini boleh dihapus."}


def within(text: str, labels: list[str]) -> str | None:
    """The one label whose words all stand in the typed title ("NIK KTP" -> "NIK"), or that holds
    all of its words ("Nama" -> "Nama Donatur", "Tujuan" -> "Asal/Tujuan"); None when no label or
    several fit."""
    words = set(re.findall(r"\w+", norm(text))) - {"rp"}
    if not words:
        return None
    fit = [lbl for lbl in labels if (theirs := set(re.findall(r"\w+", norm(lbl))) - {"rp"})
           and (theirs <= words or words <= theirs)]
    return fit[0] if len(fit) == 1 else None


def likely(text: str, names: list[str]) -> str | None:
    """The one name a typed title most likely meant: a typo of it, or its words."""
    return closest(text, names) or within(text, names)


def _shown(meta) -> bool:
    return str(meta.visible).endswith("Visible")


def match_sheets(metas, last_rows, add) -> dict[str, str]:
    """The standard's sheet key -> the workbook's sheet name, for the sheets there; `add` gets
    sheet-missing and sheet-unknown findings. A second sheet of the same name (case and spaces
    aside) is unknown: the first is read, a visible one before a hidden one. Hidden sheets of
    other names are the workbook's own."""
    found: dict[str, str] = {}
    unknown: list[str] = []
    for meta in sorted(metas, key=lambda m: not _shown(m)):   # of two named alike, the one seen
        key = norm(meta.name)
        if key in EXPECTED and key not in found:
            found[key] = meta.name
        elif key in EXPECTED:
            add("sheet-unknown", meta.name, sebab=f"namanya sama dengan lembar '{found[key]}', yang dibaca (hanya "
                "beda spasi atau huruf besar/kecil)",
                saran=f"Pindahkan isinya yang penting ke lembar '{found[key]}', lalu hapus lembar ini.")
        elif key not in _IGNORED and _shown(meta):
            if last_rows is not None and last_rows.get(meta.name) == 0:
                add("sheet-unknown", meta.name, **_EMPTY)
            else:
                unknown.append(meta.name)
    absent = [s.name for key, s in EXPECTED.items() if key not in found]
    meant = {name: likely(name, absent) for name in unknown}
    renamed = {m: [n for n in unknown if meant[n] == m] for m in absent}
    for name in unknown:
        if len(renamed.get(meant[name]) or ()) != 1:
            add("sheet-unknown", name)   # the rule's own words: not part of the template
    for name in absent:
        typed = renamed[name][0] if len(renamed[name]) == 1 else None
        add("sheet-missing", name, saran=(
            f"Lembar '{typed}' tampaknya lembar ini: ubah nama lembarnya menjadi '{name}'." if typed else
            f"Salin lembar '{name}' dari templat, lalu isi jawabannya di kolom B." if name == IDENTITAS.name else
            f"Salin lembar '{name}' dari templat, lengkap dengan baris judul kolomnya, walaupun isinya kosong."))
    return found
