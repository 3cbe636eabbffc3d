"""`status_wksbm.csv` (STANDARD 5): one row per registered or reporting WKSBM, for other programs
and for the next quarter's compile (its Saldo Akhir is the next Saldo Kas Awal).

Built from the same facts as the recaps' status list (`rules.status_rows`): every input file is a
row with its outcome, every registered WKSBM without a report is `belum_melapor`. No personal
data: the body's name, its place, the file's name and counts only.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from compiler.intake.registry import Entry
from compiler.model.results import FileResult
from compiler.quarter.rules import region_of

COLUMNS = ("kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm", "berkas", "diterima", "status", "kesalahan",
           "peringatan", "saldo_awal_rp", "saldo_akhir_rp")
COUNTED = ("dihitung", "tidak_terdaftar")


def outcome(res: FileResult) -> str:
    """A file's status once the compile rules have run. A report of a WKSBM not in the registry
    is counted (`wksbm-unregistered` is a warning) and says so: `tidak_terdaftar`."""
    codes = {f.code for f in res.findings}
    if "period-mismatch" in codes:
        return "triwulan_lain"
    if "submission-superseded" in codes:
        return "diganti"
    if res.has_errors:
        return "perlu_perbaikan"
    return "tidak_terdaftar" if "wksbm-unregistered" in codes else "dihitung"


def received_of(received: dict | None):
    """A lookup of receipt times by the path a result carries (as given, or resolved)."""
    if not received:
        return lambda path: None
    import os

    table = {os.path.realpath(str(k)): v for k, v in received.items()}
    return lambda path: received.get(path) or table.get(os.path.realpath(path))


def _rp(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def status_table(results: list[FileResult], registry: list[Entry] | None,
                 received: dict[str, dt.datetime] | None = None) -> list[dict]:
    """The rows of status_wksbm.csv, in kalurahan code, padukuhan and file order."""
    from compiler.figures.workbook import FIGURE_KEYS   # the reader's modules: not needed for --help

    awal, akhir = FIGURE_KEYS.index(("saldo_awal_rp", "")), FIGURE_KEYS.index(("saldo_akhir_rp", ""))
    entries = {e.key: e for e in registry or []}
    when = received_of(received)
    rows, reported = [], set()
    for res in results:
        status, entry = outcome(res), entries.get(res.wksbm)
        if status in COUNTED or status == "perlu_perbaikan":
            reported.add(res.wksbm)
        region = region_of(res)
        counted = status in COUNTED and res.figures is not None
        at = when(res.path)
        rows.append({
            "kode_kalurahan": region["kode_kalurahan"] or "", "kalurahan": region["kalurahan"],
            "padukuhan": str(res.identity.get("padukuhan") or (entry.padukuhan if entry else "")).strip(),
            "nama_wksbm": ((entry.nama_wksbm if entry else "") or str(res.identity.get("nama_wksbm") or "")).strip(),
            "berkas": res.file, "diterima": at.isoformat(timespec="seconds") if at else "", "status": status,
            "kesalahan": sum(f.is_error for f in res.findings),
            "peringatan": sum(not f.is_error for f in res.findings),
            "saldo_awal_rp": _rp(res.figures[awal]) if counted else "",
            "saldo_akhir_rp": _rp(res.figures[akhir]) if counted else ""})
    for key, e in entries.items():
        if key not in reported:
            rows.append({"kode_kalurahan": e.kode_kalurahan, "kalurahan": e.kalurahan, "padukuhan": e.padukuhan,
                         "nama_wksbm": e.nama_wksbm or f"WKSBM {e.padukuhan}", "berkas": "", "diterima": "",
                         "status": "belum_melapor", "kesalahan": 0, "peringatan": 0, "saldo_awal_rp": "",
                         "saldo_akhir_rp": ""})
    return sorted(rows, key=lambda r: (r["kode_kalurahan"] or "~", r["padukuhan"].casefold(), r["berkas"]))


def write_status(rows: list[dict], path: Path) -> Path:
    """Plain UTF-8 CSV for programs, like rekap_data.csv (no BOM), CRLF line ends."""
    import csv
    import io

    from compiler.files.atomic import write_bytes
    from compiler.files.inert import csv_text

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([csv_text(r[c]) for c in COLUMNS])
    return write_bytes(path, buf.getvalue().encode("utf-8"))
