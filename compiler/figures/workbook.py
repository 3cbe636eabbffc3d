"""One workbook's contribution to the recap (STANDARD 5), as a vector of figures.

Computed in the worker right after validation, so that only this small vector travels back;
the compile sums them per kalurahan, kapanewon and kabupaten with pandas.
"""
from __future__ import annotations

from array import array

from compiler.read.reader import Workbook
from schemas.standard import CHECKLIST, TABLE_BY_KEY

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


# STANDARD 1.1: the money forms alone, so that saldo awal + pemasukan uang - pengeluaran uang
# = saldo akhir on every row of a recap (the totals above also hold the in-kind Barang items)
CASH_FIGURES = {"pemasukan_uang_rp": "pemasukan", "pengeluaran_uang_rp": "pengeluaran"}


def _keys() -> tuple[tuple[str, str], ...]:
    out = [("saldo_awal_rp", ""), ("saldo_akhir_rp", "")] + [(k, "") for k in CASH_FIGURES]
    for indikator, (sheet, by, _) in TABLE_FIGURES.items():
        cats = TABLE_BY_KEY[sheet].column(by).allowed if by else ("",)
        out += [(indikator, c) for c in cats]
    return tuple(out + [("administrasi_ada", label) for label in CHECKLIST])


# (indikator, kategori) of every figure a workbook gives, in the standard's order; canonical
# categories only, since a counted workbook has no value outside its enumerations.
FIGURE_KEYS = _keys()
_SLOT = {key: i for i, key in enumerate(FIGURE_KEYS)}


def _number(value) -> float:
    return 0.0 if value is None or value != value else float(value)


def _cash(wb: Workbook, key: str) -> float:
    table = wb.tables.get(key)
    if table is None:
        return 0.0
    forms, amounts = table.values.get("bentuk", []), table.values.get("jumlah", [])
    return sum(_number(a) for f, a in zip(forms, amounts) if f == "Uang")


def workbook_figures(wb: Workbook) -> array:
    """The workbook's figures as one vector aligned with FIGURE_KEYS: about 1 KB to send back,
    and a batch of any size stacks into one small matrix."""
    out = array("d", bytes(8 * len(FIGURE_KEYS)))
    saldo = _number(wb.identity.get("saldo_awal"))
    cash = {indikator: _cash(wb, sheet) for indikator, sheet in CASH_FIGURES.items()}
    for indikator, value in cash.items():
        out[_SLOT[(indikator, "")]] = value
    out[_SLOT[("saldo_awal_rp", "")]] = saldo
    out[_SLOT[("saldo_akhir_rp", "")]] = saldo + cash["pemasukan_uang_rp"] - cash["pengeluaran_uang_rp"]
    for indikator, (sheet, by, summed) in TABLE_FIGURES.items():
        table = wb.tables.get(sheet)
        if table is None:
            continue
        n = len(table.rows)
        cats = table.values.get(by, [None] * n) if by else [""] * n
        vals = table.values.get(summed, [None] * n) if summed else [1.0] * n
        for cat, val in zip(cats, vals):
            slot = _SLOT.get((indikator, cat or ""))
            if slot is not None:
                out[slot] += _number(val)
    for label in CHECKLIST:
        out[_SLOT[("administrasi_ada", label)]] = 1.0 if wb.checklist.get(label) == "Ya" else 0.0
    return out
