"""One workbook's contribution to the recap (STANDARD 5), as a few dozen (indikator, kategori, nilai).

Computed in the worker right after validation, so that only these small tuples travel back;
the compile sums them per kalurahan, kapanewon and kabupaten with pandas.
"""
from __future__ import annotations

from collections import Counter

from compiler.reader import Workbook
from schemas.standard import CHECKLIST

# indikator -> (sheet key, category column or None, summed column or None to count rows)
TABLE_FIGURES = {
    "pemasukan_rp": ("pemasukan", "sumber_dana", "jumlah"),
    "pengeluaran_rp": ("pengeluaran", "jenis_pengeluaran", "jumlah"),
    "kegiatan_jumlah": ("kegiatan", "jenis_kegiatan", None),
    "penerima_manfaat_orang": ("kegiatan", "jenis_kegiatan", "jumlah_penerima"),
    "nilai_bantuan_rp": ("kegiatan", "jenis_kegiatan", "nilai_bantuan"),
    "ppks_orang": ("data_ppks", "jenis_ppks", None),
    "ppks_jenis_kelamin": ("data_ppks", "jenis_kelamin", None),
    "ppks_status": ("data_ppks", "status", None),
    "psks_jumlah": ("data_psks", "jenis_psks", None),
    "donatur_jumlah": ("data_donatur", "jenis_donatur", None),
    "jejaring_jumlah": ("data_jejaring", "jenis_lembaga", None),
    "surat_jumlah": ("agenda_surat", "jenis_surat", None),
    "tamu_jumlah": ("buku_tamu", None, None),
    "rapat_jumlah": ("notulensi_rapat", None, None),
    "kehadiran_rapat_orang": ("daftar_hadir", None, None),
    "inventaris_barang": ("inventaris", "kondisi", "jumlah"),
    "inventaris_nilai_rp": ("inventaris", "kondisi", "nilai"),
}


def _number(value) -> float:
    return 0.0 if value is None or value != value else float(value)


def _cash(wb: Workbook, key: str) -> float:
    table = wb.tables.get(key)
    if table is None:
        return 0.0
    forms, amounts = table.values.get("bentuk", []), table.values.get("jumlah", [])
    return sum(_number(a) for f, a in zip(forms, amounts) if f == "Uang")


def workbook_figures(wb: Workbook) -> list[tuple[str, str, float]]:
    saldo = _number(wb.identity.get("saldo_awal"))
    out = [("saldo_awal_rp", "", saldo),
           ("saldo_akhir_rp", "", saldo + _cash(wb, "pemasukan") - _cash(wb, "pengeluaran"))]
    for indikator, (sheet, by, summed) in TABLE_FIGURES.items():
        table = wb.tables.get(sheet)
        n = len(table.rows) if table is not None else 0
        cats = table.values.get(by, [None] * n) if table is not None and by else [""] * n
        vals = table.values.get(summed, [None] * n) if table is not None and summed else [1.0] * n
        totals: Counter = Counter()
        for cat, val in zip(cats, vals):
            totals[cat or ""] += _number(val)
        if not by:
            totals[""] += 0.0  # a sheet with no rows still says 0
        out += [(indikator, cat, value) for cat, value in sorted(totals.items())]
    out += [("administrasi_ada", label, 1.0 if wb.checklist.get(label) == "Ya" else 0.0) for label in CHECKLIST]
    return out
