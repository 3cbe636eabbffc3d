"""The reference documentation of the workbook, generated from `schemas.standard`.

`python -m compiler.template.docs > docs/standar.md` rewrites it; a test keeps the committed copy
equal to what the declaration says, so the docs can never drift from the code.
"""
from __future__ import annotations

from schemas.standard import CHECKLIST, CHECKLIST_TITLE, IDENTITAS, RULES, TABLES, Column

KIND = {"date": "tanggal", "rp": "angka rupiah", "int": "angka bulat", "text": "teks",
        "nik": "NIK (16 digit, teks)", "phone": "nomor HP (teks)"}


def _what(col: Column) -> str:
    if col.allowed:
        shown = ", ".join(f"`{a}`" for a in col.allowed) if len(col.allowed) <= 8 else \
            f"salah satu dari {len(col.allowed)} pilihan (lihat lembar Petunjuk)"
        text = shown
    else:
        text = KIND[col.kind]
    rules = []
    if col.positive:
        rules.append("> 0")
    elif col.minimum is not None:
        rules.append(f">= {col.minimum:g}")
    if col.maximum is not None:
        rules.append("<= " + f"{col.maximum:,.0f}".replace(",", "."))
    if col.period_bound:
        rules.append("di dalam triwulan")
    if col.not_after_period:
        rules.append("tidak sesudah akhir triwulan")
    if col.not_future:
        rules.append("tidak di masa depan")
    if col.required_when:
        rules.append(f"wajib bila {col.required_when[0]} = {col.required_when[1]}")
    return text + (f" ({'; '.join(rules)})" if rules else "")


def _table(cols) -> list[str]:
    lines = ["| kolom | isi | wajib |", "|---|---|---|"]
    lines += [f"| {c.label} | {_what(c)} | {'ya' if c.required else '-'} |" for c in cols]
    return lines


def render() -> str:
    out = ["# Standar buku kerja WKSBM", "",
           "Dibuat otomatis dari `schemas/standard.py` (`python -m compiler.template.docs`). Jangan diubah dengan tangan.",
           "", f"## {IDENTITAS.name}", "", "Formulir: judul di kolom A, isian di kolom B.", ""]
    out += _table(IDENTITAS.columns)
    out += ["", f"**{CHECKLIST_TITLE}** (isi `Ya` atau `Tidak`): " + ", ".join(CHECKLIST) + ".", ""]
    for sheet in TABLES:
        bound = "hanya kejadian di triwulan yang dilaporkan" if sheet.period_bound else "keadaan akhir triwulan"
        out += [f"## {sheet.name}", "", f"{sheet.book} ({bound}). Kolom `No` boleh ada dan tidak diperiksa.", ""]
        out += _table(sheet.columns) + [""]
    out += ["## Kode temuan", "", "| kode | tingkat | letak | pesan |", "|---|---|---|---|"]
    out += [f"| `{r.code}` | {r.severity} | {r.where} | {r.message} |" for r in RULES.values()]
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
