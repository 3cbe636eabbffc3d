"""Compile a quarter: validate every workbook, apply the quarter's rules, write every output.

Nothing is lost: every input file ends up counted or listed with its reason. Outputs go to a
temporary folder that replaces the quarter's folder in one step.
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from compiler.files.atomic import usual_mode
from compiler.files.out_folder import check, listed_files, quarter_folder, record, swap, workbooks
from compiler.intake.discovery import collect
from compiler.intake.registry import parse_registry
from compiler.model import findings as F
from compiler.model.period import default_deadline, folder_name
from compiler.quarter.outliers import value_outliers
from compiler.quarter.previous import STATUS_NAME, balance_carryover, find_earlier
from compiler.quarter.rules import LEFT_OUT, NothingToCompile, some_of_this_quarter, apply_rules, status_rows
from compiler.quarter.status import status_table, write_status
from compiler.quarter.timeliness import submission_late, with_timeliness
from schemas.reference import KABUPATEN, KALURAHAN_KODE, KAPANEWON_KODE


@dataclass
class Summary:
    """What the operator sees at the end; every found file is in exactly one outcome."""

    found: int = 0
    counted: int = 0
    with_errors: int = 0
    superseded: int = 0
    other_quarter: int = 0
    unregistered: int = 0
    not_reported: int | None = None
    seconds: float = 0.0
    out_dir: Path | None = None
    files: list = field(default_factory=list)
    registry_skipped: list = field(default_factory=list)  # (line, reason) of unusable registry rows
    earlier_outputs: int = 0   # workbooks an earlier compile wrote below the input folder: not read
    others: list = field(default_factory=list)   # other files there (a CSV, a PDF): no workbooks
    locks: list = field(default_factory=list)    # workbooks there Excel has open: maybe not saved
    quarters_before: list = field(default_factory=list)   # folders of earlier quarters found beside: '2026-T2'

    @property
    def has_errors(self) -> bool:
        """What the exit status tells (STANDARD 3): an error in the findings list. That includes
        a report of another quarter; a report a newer one replaced is listed with that alone."""
        return any(r.has_errors for r in self.files)


@dataclass
class _Inputs:
    """The reports found in the input folder, and what is said about the rest of it."""

    items: list
    earlier: list          # what earlier runs of wksbm wrote there: never reports
    others: list           # other files (a CSV, a PDF)
    locks: list            # workbooks Excel has open there


def _inputs(input_dir: Path, registry_path: Path | None) -> _Inputs:
    earlier = listed_files([input_dir])
    found = _Inputs([], earlier, [], [])
    found.items, _ = collect([input_dir], skip=earlier + ([registry_path] if registry_path else []),
                             others=found.others, locks=found.locks)
    if not found.items:   # a recap of nothing would replace the quarter's recap
        mine = workbooks(earlier)
        raise NothingToCompile(f"tidak ada laporan .xlsx di {input_dir}" + (
            f" ({mine} berkas .xlsx di sana ditulis wksbm sendiri)" if mine else "") + (
            f"; yang ada hanya berkas lain: {F.listed(found.others, 3)}" if found.others else "")
            + ". Periksa folder laporannya.")
    return found


@dataclass
class _Quarter:
    """The quarter once its rules are applied: the report kept per WKSBM, those counted, the
    quarters before, receipt on time per counted report (archive only), the status table."""

    kept: dict
    counted: list
    before: object
    on_time: object
    status: object


def _apply_quarter(results, tahun: int, triwulan: str, registry, out: Path, input_dir: Path, final: Path,
                   tenggat, received) -> _Quarter:
    import pandas as pd

    kept = apply_rules(results, tahun, triwulan, registry)
    some_of_this_quarter(results, input_dir, tahun, triwulan, final)
    counted = [r for r in kept.values() if not r.has_errors]
    before = find_earlier(out, tahun, triwulan)
    value_outliers(counted)
    balance_carryover(kept, before)
    on_time = (submission_late(counted, received, tenggat or default_deadline(tahun, triwulan))
               if received is not None else None)
    status = pd.DataFrame(status_rows(results, kept, registry),
                          columns=["kode_kalurahan", "kapanewon", "kalurahan", "padukuhan", "nama_wksbm",
                                   "status", "berkas", "jumlah_error", "terdaftar"])
    return _Quarter(kept, counted, before, on_time, status)


def _recaps(q: _Quarter, results, registry, received, tahun: int, triwulan: str, work: Path):
    """`recaps()` for the output pool: the recap figures and views, built while the output
    workers make the first copies; rekap_data.csv and status_wksbm.csv written meanwhile."""
    def recaps():
        from compiler.figures import tidy as recap
        from compiler.recap.trend import with_trends
        from compiler.recap.view import build_recaps

        areas = [KALURAHAN_KODE[r.identity["kalurahan"]] for r in q.counted]
        rekap = recap.build(areas, [r.figures for r in q.counted], q.status, tahun, triwulan, registry is not None)
        if q.on_time is not None:
            rekap = with_timeliness(rekap, areas, q.on_time)
        recap.write_csv(rekap, work / "rekap_data.csv")
        write_status(status_table(results, registry, received), work / STATUS_NAME)
        views = build_recaps(rekap, q.status.drop(columns=["terdaftar"]), tahun, triwulan, _made_on(q.counted))
        return with_trends(views, q.before.rekap + [rekap])
    return recaps


def compile_quarter(input_dir: Path, tahun: int, triwulan: str, out: Path, registry_path: Path | None = None,
                    workers: int | None = None, progress=None, start_progress=None, writing=None, *,
                    tenggat: dt.date | None = None, received: dict[str, dt.datetime] | None = None) -> Summary:
    """Everything the operator runs once a quarter; outputs land in out/YYYY-TW/ atomically.
    `writing()` is told when every workbook is read and checked, and the outputs are written.
    `tenggat`: the deadline (default: STANDARD 5's). `received`: input file path -> receipt time,
    known for uploads to the archive only; with it, late reports get `submission-late` and the
    recap counts reports on time and late. The quarters before are found beside out/YYYY-TW."""
    from compiler.run.batch import run  # pandas is imported later, while the first files are read
    from compiler.outputs.compiled import prepare, write_outputs  # each loads what it needs when called

    started = time.monotonic()
    final = quarter_folder(out, tahun, triwulan)
    check(final, input_dir)   # before anything is read: it is replaced whole at the end
    registry, skipped = parse_registry(registry_path) if registry_path else (None, [])
    found = _inputs(input_dir, registry_path)
    if start_progress:
        start_progress(len(found.items))
    results = run(found.items, figures=True, workers=workers, progress=progress, meanwhile=prepare)
    q = _apply_quarter(results, tahun, triwulan, registry, out, input_dir, final, tenggat, received)

    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=out))
    usual_mode(work, directory=True)
    if writing:
        writing()
    try:
        write_outputs(results, _recaps(q, results, registry, received, tahun, triwulan, work), work, workers)
        record(work, "compile", [p for p in work.rglob("*") if p.is_file()])
        check(final, input_dir)   # again: a file may have been put there meanwhile
        swap(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    codes = [{f.code for f in r.findings} for r in results]
    return Summary(
        found=len(results), counted=len(q.counted),
        with_errors=sum(r.has_errors and not (c & set(LEFT_OUT)) for r, c in zip(results, codes)),
        superseded=sum("submission-superseded" in c for c in codes),
        other_quarter=sum("period-mismatch" in c for c in codes),
        unregistered=sum("wksbm-unregistered" in c for c in codes),
        not_reported=int((q.status["status"] == "belum_melapor").sum()) if registry is not None else None,
        seconds=time.monotonic() - started, out_dir=final, files=results, registry_skipped=skipped,
        earlier_outputs=workbooks(found.earlier), others=found.others, locks=found.locks,
        quarters_before=[folder_name(*quarter) for quarter in q.before.found])


def _made_on(results) -> dict[str, str]:
    """Each recap's date, by area code (the kabupaten's, each kapanewon's): the latest right
    Tanggal Laporan of the reports counted there, so that reruns give identical files and a
    kapanewon's recap does not claim the data of another's later report."""
    latest: dict[str, dt.date] = {}
    for r in results:
        day = r.identity.get("tanggal_laporan")
        if isinstance(day, dt.date):
            for area in (KABUPATEN[0], KAPANEWON_KODE.get(r.identity.get("kapanewon"))):
                if area and (area not in latest or day > latest[area]):
                    latest[area] = day
    return {area: day.strftime("%d/%m/%Y") for area, day in latest.items()}
