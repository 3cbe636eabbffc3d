"""The per-file pipeline a worker runs: screen -> read -> validate -> small results.

Data flows one way: path -> screen -> read -> validate -> findings (-> per-workbook figures).
Workers return only findings and small per-workbook results, never DataFrames.
"""
from __future__ import annotations

import datetime as dt
import os

from compiler.model import findings as F
from compiler.model.results import AMOUNT_COLUMNS, IDENTITY_OUT, FileResult


def _result(wb, path: str, file: str, mtime: float, figures: bool) -> FileResult:
    res = FileResult(path, file, sorted(wb.findings, key=F.Finding.sort_key), mtime=mtime)
    res.identity = {k: wb.identity.get(k) for k in IDENTITY_OUT}
    if not wb.readable:
        return res
    if figures:
        from compiler.figures.workbook import workbook_figures
        res.figures = workbook_figures(wb)
        ppks = wb.tables.get("data_ppks")
        if ppks is not None and "nik" in ppks.cols:
            res.niks = [(nik, ppks.sheet, ppks.cols["nik"], ppks.rows[i])
                        for i, nik in enumerate(ppks.values.get("nik", ())) if nik is not None]
        res.saldo, res.amounts = _saldo(wb), _amounts(wb)
    return res


def _saldo(wb) -> tuple | None:
    """Where the Saldo Kas Awal is and what it says, for `balance-carryover`."""
    value, cell = wb.identity.get("saldo_awal"), wb.identity_cells.get("saldo_awal")
    if value is None or cell is None or value != value:
        return None
    return (wb.identity_sheet, cell[0], cell[1], float(value))


def _amounts(wb) -> list[tuple]:
    """Every positive value of an amount or count column (`value-outlier`) of a workbook without
    errors (only those count): small tuples, a few dozen a workbook, never a DataFrame."""
    if F.has_errors(wb.findings):
        return []
    out = []
    if (saldo := _saldo(wb)) is not None and saldo[3] > 0:
        out.append((saldo[0], ("identitas", "saldo_awal"), saldo[1], saldo[2], saldo[3]))
    for sheet_key, keys in AMOUNT_COLUMNS.items():
        table = wb.tables.get(sheet_key)
        if table is None:
            continue
        for key in keys:
            col = table.cols.get(key)
            if col is None:
                continue
            for row, value in zip(table.rows, table.values.get(key, ())):
                if value is not None and value == value and value > 0:
                    out.append((table.sheet, (sheet_key, key), row, col, float(value)))
    return out


def read_chunk(items: list[tuple[str, str]], started=None) -> list[tuple]:
    """Screen and read files: (path, shown name, mtime, read Workbook) each; needs neither
    pandas nor pandera. `started(i)` is told before file i is read, and `started(-1)` once all
    are read, so that a supervisor knows which file a crash or a hang belongs to."""
    from compiler.read.reader import Workbook, read_workbook
    from compiler.screen.gate import screen_path

    out = []
    for i, (path, file) in enumerate(items):
        if started:
            started(i)
        try:
            mtime = os.stat(path).st_mtime
        except OSError:
            mtime = 0.0
        data, verdict = screen_path(path)
        if verdict.code is not None:
            wb = Workbook(file, readable=False)
            wb.findings.append(F.file_problem(verdict.code, file, verdict.sebab))
        else:
            wb = read_workbook(verdict.package or data, file, verdict.error_values, verdict.last_rows,
                               verdict.merges)
        out.append((path, file, mtime, wb))
    if started:
        started(-1)
    return out


def finish(reads: list[tuple], figures: bool = False, today: dt.date | None = None) -> list[FileResult]:
    """Validate read workbooks together (one pandera call per sheet) into small results."""
    from compiler.check.validate import validate_workbooks

    validate_workbooks([wb for _, _, _, wb in reads], today)
    return [_result(wb, path, file, mtime, figures) for path, file, mtime, wb in reads]


def process_chunk(items: list[tuple[str, str]], figures: bool = False,
                  today: dt.date | None = None, started=None) -> list[FileResult]:
    """Screen, read and validate a chunk of files together (one pandera call per sheet);
    `started` as in `read_chunk`, where -1 now means: every file read, validating."""
    return finish(read_chunk(items, started), figures, today)
