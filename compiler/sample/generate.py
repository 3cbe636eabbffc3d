"""`wksbm sample`: realistic sample workbooks of the standard, some with typical mistakes.

One call of `generate()` writes, into one folder:
- one `.xlsx` per reporting WKSBM (plus a `_revisi` file for each resubmission),
- `daftar_wksbm.csv`, the Dinas registry (STANDARD 6): every generated WKSBM and ~5% more
  registered WKSBM that do not report,
- `mistakes.csv`: every intended mistake with the finding it must produce.

`count` is the number of WKSBM that report (one workbook each; a resubmission adds a second
file for the same WKSBM). For 933 they are spread exactly as Bantul's 933 padukuhan
(reference/padukuhan_jumlah_bantul.csv); the registry then also lists ~5% more WKSBM, on
further padukuhan, that send nothing.

Determinism: everything comes from `random.Random` seeded with strings derived from
(seed, WKSBM index), so a worker process draws the same numbers as the parent would; the
xlsx zip entries, document properties and file times are fixed from the reported period,
so the same seed gives the same bytes.

The parts: sample_plan (where the WKSBM are, which file carries which mistakes),
sample_books and sample_cash (one WKSBM's content), sample_mistakes, sample_layout and
sample_xlsx (how the volunteer writes the workbook), sample_words (the word lists).
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from compiler.files.out_folder import write_owned
from compiler.run.pool import pmap
from compiler.sample.books import BookDrawer
from compiler.sample.layout import layout, write_book
from compiler.sample.mistakes import Mistake, apply_mistakes
from compiler.sample.period import quarter_number
from compiler.sample.plan import Job, plan_jobs
from compiler.sample.slips import EXTRA, SHIFTED, apply_slips
from schemas import standard as S

REGISTRY_NAME = "daftar_wksbm.csv"
MISTAKES_NAME = "mistakes.csv"

T = S.TABLE_BY_KEY


@dataclass
class SampleResult:
    out_dir: Path
    files: list[Path]               # in generation order
    registry: Path
    mistakes: list[Mistake]         # sorted
    mistakes_csv: Path
    wksbm: list[dict] = field(default_factory=list)    # registry rows, with "melapor"

    @property
    def clean_files(self) -> list[Path]:
        bad = {m.file for m in self.mistakes}
        return [p for p in self.files if p.name not in bad]


def build_file(job: Job) -> list[Mistake]:
    """Worker: draw, spoil and write one workbook; return its cell mistakes."""
    g = BookDrawer(job)
    book = g.build()
    style = layout(g, book)
    done = apply_mistakes(book, job.kinds, g) + apply_slips(book, job.slips, g)
    where = write_book(Path(job.out_dir) / job.file, book, style, g)
    out = []
    for sheet_key, i, key, code in done:
        if sheet_key in (EXTRA, SHIFTED):   # said of the sheet, or of the block's first row: no cell
            out.append(Mistake(job.file, i, "", code, S.RULES[code].severity))
            continue
        sheet = S.IDENTITAS.name if sheet_key == "_identitas" else T[sheet_key].name
        out.append(Mistake(job.file, sheet, where[(sheet_key, i, key)], code, S.RULES[code].severity))
    return out


# --- the front door -------------------------------------------------------------------------
def generate(out_dir, count: int = 20, seed: int = 2026, tahun: int = 2026, triwulan="III",
             error_rate: float = 0.2, workers: int | None = None) -> SampleResult:
    """Write `count` WKSBM workbooks (plus resubmissions), the registry and mistakes.csv."""
    if count < 1:
        raise ValueError("Jumlah buku kerja (--count) minimal 1.")
    if not 0 <= error_rate <= 1:
        raise ValueError("Proporsi kesalahan (--error-rate) harus antara 0 dan 1.")
    if not 2019 <= int(tahun) <= 2100:
        raise ValueError(f"Tahun tidak sah: {tahun}")
    q = quarter_number(triwulan)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows, silent, jobs, mistakes = plan_jobs(count, seed, int(tahun), q, error_rate, out)
    workers = max(1, workers or os.cpu_count() or 1)
    if len(jobs) < 8:
        workers = 1
    registry, mistakes_csv = out / REGISTRY_NAME, out / MISTAKES_NAME
    reg_rows = sorted([{**r, "melapor": True} for r in rows] + [{**r, "melapor": False} for r in silent],
                      key=lambda r: (r["kode_kalurahan"], r["padukuhan"].casefold()))

    def write() -> None:
        for found in pmap(build_file, jobs, workers, chunksize=max(1, len(jobs) // (workers * 8))):
            mistakes.extend(found)
        mistakes.sort(key=Mistake.sort_key)
        with registry.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm", "kapanewon"])
            for r in reg_rows:
                w.writerow([r["kode_kalurahan"], r["kalurahan"], r["padukuhan"], r["nama_wksbm"], r["kapanewon"]])
        with mistakes_csv.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["file", "sheet", "cell", "code", "severity"])
            for m in mistakes:
                w.writerow([m.file, m.sheet, m.cell, m.code, m.severity])

    # A real registry or report of the same name in that folder is never overwritten.
    write_owned(out, "sample", [out / j.file for j in jobs] + [registry, mistakes_csv], write)
    return SampleResult(out, [out / j.file for j in jobs], registry, mistakes, mistakes_csv, reg_rows)
