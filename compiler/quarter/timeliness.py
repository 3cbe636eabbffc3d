"""The deadline (STANDARD 5, 7): `submission-late` and the indicators `wksbm_tepat_waktu` /
`wksbm_terlambat`.

Receipt times are known only for uploads to the archive (`compile --archive` passes them); a
folder compile has none, and leaves both out rather than guess from file times.
"""
from __future__ import annotations

import datetime as dt

from compiler.model import findings as F
from compiler.model.results import FileResult
from compiler.quarter.status import received_of

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember")
INDICATORS = ("wksbm_tepat_waktu", "wksbm_terlambat")


def tanggal(day: dt.date) -> str:
    """10 Oktober 2026."""
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def late(at: dt.datetime, tenggat: dt.date) -> bool:
    """Received after the deadline's day: a report in on the 10th, at any hour, is on time."""
    return at.date() > tenggat


def submission_late(counted: list[FileResult], received: dict, tenggat: dt.date) -> list[bool | None]:
    """Add `submission-late` to each counted report received after the deadline; returns, per
    report, whether it was late (None: its receipt time is not known)."""
    when, out = received_of(received), []
    for res in counted:
        at = when(res.path)
        out.append(None if at is None else late(at, tenggat))
        if out[-1]:
            res.findings.append(F.make("submission-late", res.file, diterima=f"{tanggal(at)} pukul {at:%H.%M}",
                                       tenggat=tanggal(tenggat)))
            res.findings.sort(key=F.Finding.sort_key)
    return out


def with_timeliness(rekap, kode_kalurahan: list[str], on_time: list[bool | None]):
    """rekap_data with wksbm_tepat_waktu / wksbm_terlambat for every area (0 where none), from the
    counted reports' kalurahan codes and lateness; appended after the other rows."""
    import pandas as pd

    from compiler.figures.tidy import areas
    from schemas.reference import KABUPATEN, KALURAHAN_KODE, KAPANEWON_KODE, KAPANEWON_OF

    kap_of = {code: KAPANEWON_KODE[KAPANEWON_OF[name]] for name, code in KALURAHAN_KODE.items()}
    counts: dict = {}
    for kal, was_late in zip(kode_kalurahan, on_time):
        if was_late is None:
            continue
        ind = INDICATORS[1] if was_late else INDICATORS[0]
        for code in (kal, kap_of.get(kal), KABUPATEN[0]):
            if code is not None:
                counts[(code, ind)] = counts.get((code, ind), 0.0) + 1.0
    grid = areas()[["tingkat", "kode_wilayah", "nama_wilayah"]]
    rows = [(t, k, n, ind, "", counts.get((k, ind), 0.0)) for t, k, n in grid.itertuples(index=False)
            for ind in INDICATORS]
    extra = pd.DataFrame(rows, columns=["tingkat", "kode_wilayah", "nama_wilayah", "indikator", "kategori", "nilai"])
    extra.insert(0, "tahun", rekap["tahun"].iloc[0] if len(rekap) else None)
    extra.insert(1, "triwulan", rekap["triwulan"].iloc[0] if len(rekap) else None)
    return pd.concat([rekap, extra[list(rekap.columns)]], ignore_index=True)
