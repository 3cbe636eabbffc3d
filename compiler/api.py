"""The library's front door: validate workbooks (and gather what the compile needs).

Data flows one way: path -> screen -> read -> validate -> findings (-> partial figures).
Workers return only findings and small per-workbook results, never DataFrames.
"""
from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from compiler import findings as F


@dataclass
class FileResult:
    """What one input file produced: small and picklable."""

    path: str                      # path on disk (str, may hold surrogate escapes)
    file: str                      # the name shown to people (berkas)
    findings: list = field(default_factory=list)
    identity: dict = field(default_factory=dict)  # kapanewon, kalurahan, padukuhan, nama_wksbm, ...
    figures: object = None                        # vector aligned with figures.FIGURE_KEYS, when asked for
    niks: list = field(default_factory=list)      # (nik, sheet, col, row) of Data PPKS, for compile
    mtime: float = 0.0
    wksbm: tuple | None = None   # the WKSBM it is of, once a compile has decided (`compile.report_key`)

    @property
    def has_errors(self) -> bool:
        return F.has_errors(self.findings)


IDENTITY_OUT = ("kapanewon", "kalurahan", "padukuhan", "nama_wksbm", "tahun", "triwulan",
                "tanggal_laporan")


def _result(wb, path: str, file: str, mtime: float, figures: bool) -> FileResult:
    res = FileResult(path, file, sorted(wb.findings, key=F.Finding.sort_key), mtime=mtime)
    res.identity = {k: wb.identity.get(k) for k in IDENTITY_OUT}
    if not wb.readable:
        return res
    if figures:
        from compiler.figures import workbook_figures
        res.figures = workbook_figures(wb)
        ppks = wb.tables.get("data_ppks")
        if ppks is not None and "nik" in ppks.cols:
            res.niks = [(nik, ppks.sheet, ppks.cols["nik"], ppks.rows[i])
                        for i, nik in enumerate(ppks.values.get("nik", ())) if nik is not None]
    return res


def read_chunk(items: list[tuple[str, str]], started=None) -> list[tuple]:
    """Screen and read files: (path, shown name, mtime, read Workbook) each; needs neither
    pandas nor pandera. `started(i)` is told before file i is read, and `started(-1)` once all
    are read, so that a supervisor knows which file a crash or a hang belongs to."""
    from compiler.reader import Workbook, read_workbook
    from compiler.screen import screen_path

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
    from compiler.validate import validate_workbooks

    validate_workbooks([wb for _, _, _, wb in reads], today)
    return [_result(wb, path, file, mtime, figures) for path, file, mtime, wb in reads]


def process_chunk(items: list[tuple[str, str]], figures: bool = False,
                  today: dt.date | None = None, started=None) -> list[FileResult]:
    """Screen, read and validate a chunk of files together (one pandera call per sheet);
    `started` as in `read_chunk`, where -1 now means: every file read, validating."""
    return finish(read_chunk(items, started), figures, today)


def collect(paths, skip=(), others: list | None = None,
            locks: list | None = None) -> tuple[list[tuple[str, str]], list[str]]:
    """Every workbook named or below a named folder, as (path, shown name), sorted; plus the
    arguments that do not exist. Excel's lock files (~$...), hidden files and folders, and what
    lies in `skip` (what wksbm itself writes: a compile's quarter folders, a validation's
    copies) below a named folder are not submissions. `others`, if given, gets the shown names
    of the other files found there (a CSV, a PDF...), for the operator to be told of them;
    `locks`, the workbooks Excel has open there (its ~$ lock file beside them): maybe not saved."""
    items, missing, lock_files = [], [], set()
    for arg in paths:
        p = Path(os.fsdecode(arg))
        if p.is_dir():
            inside, label = _inside(p, skip), p.resolve().name
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.name.startswith("~$"):
                    lock_files.add((str(f.parent), f.name[2:]))
                if (f.is_file() and not f.name.startswith("~$")
                        and not any(part.startswith(".") for part in rel)
                        and not any(rel[:len(s)] == s for s in inside)):
                    if f.suffix.lower() in INPUT_SUFFIXES:
                        items.append((str(f), shown_name("/".join(rel)), label))
                    elif others is not None:
                        others.append(shown_name("/".join(rel)))
        elif p.is_file():
            items.append((str(p), shown_name(p.name), p.resolve().parent.name))
        else:
            missing.append(shown_name(str(arg)))
    seen, unique = set(), []
    for item in sorted(items, key=lambda it: (it[1], it[0])):
        if item[0] not in seen:
            seen.add(item[0])
            unique.append(item)
    found = _distinct(unique)
    if locks is not None and lock_files:   # Excel's lock of a long name drops its first two characters
        locks += [shown for path, shown in found if (str(Path(path).parent), Path(path).name) in lock_files
                  or (str(Path(path).parent), Path(path).name[2:]) in lock_files]
    return found, missing


def _distinct(items: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """(path, shown name), sorted, each shown name used once: the same name in two folders given
    (a/laporan.xlsx, b/laporan.xlsx) is shown with its folder, so that the findings list and the
    correction copies keep them apart; failing that, with its path as given."""
    count = Counter(shown for _, shown, _ in items)
    out = [(path, shown if count[shown] == 1 else shown_name(f"{label}/{shown}")) for path, shown, label in items]
    count = Counter(shown for _, shown in out)
    out = [(path, shown if count[shown] == 1 else shown_name(path)) for path, shown in out]
    return sorted(out, key=lambda it: (it[1], it[0]))


INPUT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xltx")


def _inside(folder: Path, skip) -> list[tuple[str, ...]]:
    """The `skip` paths below `folder`, as path parts relative to it (the folder itself, named
    on purpose, is never skipped)."""
    try:
        top = folder.resolve()
        found = [Path(os.fsdecode(s)).resolve() for s in skip]
    except (OSError, RuntimeError):
        return []
    return [s.relative_to(top).parts for s in found if top in s.parents]


def shown_name(name: str) -> str:
    """A file name safe to show and write anywhere: undecodable bytes become U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace")


def write_checked(results: list[FileResult], out: Path, workers: int | None = None) -> list[Path]:
    """A validation's findings list and correction copies, in `out`, where it overwrites or
    removes only its own earlier files (compiler.out_folder): among them the earlier copies of
    the reports checked now. A copy whose name an earlier copy of another report holds there
    gets a name of its own. Returns the copies written."""
    from compiler.correction import copy_jobs, own_copy_name, write_copies
    from compiler.findings_io import FINDINGS_FILES, write_findings
    from compiler.out_folder import copy_sources, write_owned

    before = copy_sources(out)   # copy -> the report it was made from, for each earlier copy
    source = {r.path: _source(r.path) for r in results}
    jobs = []
    for path, findings, copy in copy_jobs(results, out):
        if before.get(copy, source[path]) != source[path]:   # another report's copy: never replaced
            copy = own_copy_name(copy, source[path])
        jobs.append((path, findings, copy))
    targets = [out / name for name in FINDINGS_FILES] + [copy for _, _, copy in jobs]
    checked = set(source.values())
    sources: dict[Path, str] = {}   # filled as copies are written: an interrupted run records none
    copies: list[Path] = []

    def write() -> None:
        write_findings(results, out)
        copies.extend(write_copies(results, out, workers, jobs))
        sources.update({copy: source[path] for path, _, copy in jobs if copy in copies})

    write_owned(out, "validate", targets, write, sources=sources,
                stale=lambda path, source: source in checked)   # the reports checked now have new copies
    return copies


def _source(path: str) -> str:
    """A report's path as the manifest records a copy's source: the same file, however named."""
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return str(Path(path).absolute())


def validate_files(paths, *, figures: bool = False, workers: int | None = None,
                   progress=None) -> list[FileResult]:
    """Validate files and folders; results sorted by shown name."""
    from compiler.batch import run

    items, _ = collect(paths)
    return run(items, figures=figures, workers=workers, progress=progress)
