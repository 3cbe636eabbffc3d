"""Check workbooks as `wksbm validate` does: find them, read and check them, write the findings
list and the correction copies, and sum up what the operator is told."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compiler.files.out_folder import claim, listed_files, workbooks
from compiler.intake.discovery import collect
from compiler.model.results import FileResult


class NothingToCheck(ValueError):
    """Nothing named can be checked; the message is for the operator."""


@dataclass
class FileState:
    """One file's line in the operator's summary."""

    file: str
    errors: int
    warnings: int
    whole: str | None = None   # why the file itself is wrong (not a workbook, unreadable)

    @property
    def state(self) -> str:
        return "PERLU PERBAIKAN" if self.errors else ("perlu diperiksa" if self.warnings else "baik")


@dataclass
class CheckSummary:
    """What a validation found and wrote; the counts add up to the files checked."""

    results: list[FileResult]
    copies: list[Path]
    out: Path
    others: list = field(default_factory=list)   # other files there (a CSV, a PDF): not checked
    locks: list = field(default_factory=list)    # workbooks Excel has open there: maybe not saved
    earlier_outputs: int = 0                     # workbooks wksbm wrote there: not reports

    @property
    def files(self) -> list[FileState]:
        out = []
        for res in self.results:
            e = sum(f.is_error for f in res.findings)
            whole = next((f for f in res.findings if not f.sheet and f.is_error), None)
            out.append(FileState(res.file, e, len(res.findings) - e, whole.message if whole else None))
        return out

    @property
    def with_errors(self) -> int:
        return sum(s.errors > 0 for s in self.files)

    @property
    def warned(self) -> int:
        return sum(s.warnings > 0 and not s.errors for s in self.files)

    @property
    def good(self) -> int:
        return len(self.results) - self.with_errors - self.warned


def validate_paths(paths, out: Path, workers: int | None = None, writable=None) -> CheckSummary:
    """Check every workbook named or below a named folder; write the findings list and copies
    to `out`. `writable(out)` is called once the folder is known to be this command's own.
    Raises NothingToCheck (nothing there) and OutputFolderError (another command's folder)."""
    from compiler.outputs.checked import write_checked
    from compiler.run.batch import run

    listed, others, locks = listed_files(paths), [], []   # what wksbm wrote is not a report
    items, missing = collect(paths, skip=listed, others=others, locks=locks)
    if missing:
        raise NothingToCheck(
            "berkas atau folder tidak ditemukan: " + ", ".join(f"'{m}'" for m in missing) + ". Periksa ejaannya"
            + ("; bila namanya berisi spasi, apit dengan tanda kutip, misalnya \"Laporan TW 3\"." if len(paths) > 1
               else "."))
    if not items:
        raise NothingToCheck("tidak ada berkas .xlsx yang dapat diperiksa" + besides(listed) + "."
                             + (" " + not_workbooks(others) if others else ""))
    claim(out, "validate", [])   # another command's folder: said before the work, and before
    if writable:                 # the folder is made
        writable(out)
    results = run(items, workers=workers)
    copies = write_checked(results, out, workers)
    return CheckSummary(results, copies, out, others, locks, workbooks(listed))


def besides(listed) -> str:
    n = workbooks(listed)
    return f" ({n} berkas .xlsx di sana ditulis wksbm sendiri: rekap, daftar temuan, salinan perbaikan)" if n else ""


def not_workbooks(names: list[str]) -> str:
    """The other files in a folder checked, named (the first five), so none goes unmentioned."""
    from compiler.model.findings import listed
    return f"{len(names)} berkas bukan buku kerja Excel .xlsx, jadi tidak diperiksa: {listed(names)}."


def open_in_excel(names: list[str]) -> str:
    from compiler.model.findings import listed
    return (f"{listed(names)} sedang dibuka di Excel (ada berkas ~$ di sampingnya), jadi perubahan yang belum "
            "disimpan tidak ikut diperiksa. Simpan dan tutup Excel, lalu jalankan lagi bila perlu.")
