"""The quarters before (STANDARD 5): found beside the quarter being written, never named.

`compile --out output` writes `output/2026-T3`; the four quarters before are `output/2026-T2`,
`output/2026-T1`, `output/2025-T4` and `output/2025-T3`, if earlier compiles wrote them. Their
`status_wksbm.csv` gives each WKSBM's Saldo Akhir (`balance-carryover`), their `rekap_data.csv`
the trend. A folder that is missing, or a file that cannot be read, is a quarter without
history: never an error, never a traceback.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from compiler.intake.registry import wksbm_key
from compiler.model import findings as F
from compiler.model.period import folder_name, previous
from compiler.quarter.outliers import column_of, shown

HOW_MANY = 4                                  # quarters before: with this one, five in the trend
STATUS_NAME, REKAP_NAME = "status_wksbm.csv", "rekap_data.csv"
COUNTED = ("dihitung", "tidak_terdaftar")     # statuses of counted reports (quarter/status.py)
TREND_INDICATORS = ("wksbm_terdaftar", "wksbm_melapor", "wksbm_perlu_perbaikan", "wksbm_belum_melapor",
                    "pemasukan_rp", "pengeluaran_rp", "penerima_manfaat_orang", "ppks_orang")
SALDO = ("identitas", "saldo_awal")


@dataclass
class Earlier:
    """What the quarters before left: the last one's Saldo Akhir per WKSBM, every one's figures."""

    last: tuple[int, str]                          # the quarter just before
    saldo: dict = field(default_factory=dict)      # WKSBM key -> Saldo Akhir of its counted report
    rekap: list = field(default_factory=list)      # one DataFrame per quarter found (trend rows only)
    found: list = field(default_factory=list)      # (tahun, triwulan) of each quarter with a rekap_data.csv


def quarters_before(tahun: int, triwulan: str, n: int = HOW_MANY) -> list[tuple[int, str]]:
    """The n quarters before, the nearest first."""
    out, q = [], (tahun, triwulan)
    for _ in range(n):
        q = previous(*q)
        out.append(q)
    return out


def _text(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def read_saldo(path: Path) -> dict:
    """WKSBM key -> saldo_akhir_rp of each counted report in a status_wksbm.csv (one a WKSBM:
    a resubmission's older report is `diganti`, without figures)."""
    text = _text(path)
    if text is None:
        return {}
    out = {}
    for row in csv.DictReader(io.StringIO(text)):
        key = wksbm_key(row.get("kalurahan"), row.get("padukuhan"))
        try:
            saldo = float(row.get("saldo_akhir_rp") or "nan")
        except ValueError:
            continue
        if key is not None and row.get("status") in COUNTED and saldo == saldo:
            out[key] = saldo
    return out


def read_rekap(path: Path, tahun: int, triwulan: str):
    """The trend's rows of a rekap_data.csv (kabupaten and kapanewon), or None when it cannot be
    read or holds another quarter than its folder says."""
    import pandas as pd

    try:
        frame = pd.read_csv(path, dtype={"kode_wilayah": str, "kategori": str, "triwulan": str, "tingkat": str,
                                         "indikator": str}, keep_default_na=False, encoding="utf-8-sig")
        frame = frame[frame["tingkat"].isin(("kabupaten", "kapanewon"))
                      & frame["indikator"].isin(TREND_INDICATORS)]
        frame = frame.assign(nilai=pd.to_numeric(frame["nilai"], errors="coerce").fillna(0.0))
        same = (frame["tahun"].astype(str) == str(tahun)) & (frame["triwulan"] == triwulan)
    except (OSError, ValueError, KeyError, pd.errors.ParserError, UnicodeDecodeError):
        return None
    return frame[same][["tahun", "triwulan", "tingkat", "kode_wilayah", "indikator", "kategori", "nilai"]]


def find_earlier(out: Path, tahun: int, triwulan: str) -> Earlier:
    """Look beside out/YYYY-TW for the quarters before."""
    before = quarters_before(tahun, triwulan)
    earlier = Earlier(before[0], read_saldo(out / folder_name(*before[0]) / STATUS_NAME))
    for q in before:
        path = out / folder_name(*q) / REKAP_NAME
        if path.is_file() and (frame := read_rekap(path, *q)) is not None and len(frame):
            earlier.rekap.append(frame)
            earlier.found.append(q)
    return earlier


def balance_carryover(kept: dict, earlier: Earlier) -> int:
    """`balance-carryover` on the Saldo Kas Awal cell of each WKSBM's report of this quarter that
    differs from the Saldo Akhir of its counted report of the quarter before; a WKSBM without
    one (it skipped that quarter, or had to correct it) gets none. Returns how many."""
    added = 0
    tw, th = earlier.last[1], earlier.last[0]
    for key, res in kept.items():
        before = earlier.saldo.get(key)
        if before is None or res.saldo is None or abs(res.saldo[3] - before) < 0.5:
            continue
        sheet, row, col, value = res.saldo
        res.findings.append(F.make(
            "balance-carryover", res.file, sheet, col=col, row=row, column=column_of(SALDO).label, value=shown(SALDO, value),
            sebelumnya=shown(SALDO, before), triwulan_lalu=f"{tw} {th}",
            saran=f"Saldo Kas Awal seharusnya sama dengan Saldo Akhir triwulan lalu: bila saldo akhir itu benar, "
                  f"ketik {round(before)} di sel ini; bila laporan triwulan lalu yang keliru, biarkan sel ini "
                  "dan beri tahu Dinas Sosial."))
        res.findings.sort(key=F.Finding.sort_key)
        added += 1
    return added

