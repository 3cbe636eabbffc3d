"""`wksbm sample --quarters 2025-IV..2026-III`: the same WKSBM reporting quarter after quarter.

Each quarter is a folder `laporan_YYYY-TW` under --out, as `wksbm sample` writes one quarter
(workbooks, daftar_wksbm.csv, mistakes.csv), plus `diterima.csv`, each file's receipt time, for
the archive and the demo. Across the chain:
- each WKSBM's Saldo Kas Awal is the Saldo Akhir of its report of the quarter before, except a
  few planted ones (`balance-carryover` in mistakes.csv);
- a few reports are received after the deadline (`terlambat` in diterima.csv);
- a few clean reports carry an amount with zeros typed three times too many (`value-outlier` in
  mistakes.csv; the rule is a kabupaten median, so it is certain only with 50 or more values of
  the column, and the quarter's own counts may stand out beside it).
The places are those of `wksbm sample --count N --seed S`; each quarter's books are drawn anew.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import random
import re
from dataclasses import replace
from pathlib import Path

from compiler.files.out_folder import write_owned
from compiler.model.period import TRIWULAN, default_deadline, folder_name, number, previous
from compiler.run.pool import pmap
from compiler.sample.books import BookDrawer
from compiler.sample.generate import MISTAKES_NAME, REGISTRY_NAME, SampleResult
from compiler.sample.layout import layout, write_book
from compiler.sample.mistakes import Mistake, apply_mistakes
from compiler.sample.plan import plan_jobs
from schemas import standard as S

RECEIVED_NAME = "diterima.csv"
DRIFT_SHARE, LATE_SHARE, OUTLIER_SHARE = 0.03, 0.05, 0.01
MOST = 8   # quarters in one chain: two years


def parse_quarters(text: str) -> list[tuple[int, str]]:
    """'2025-IV..2026-III' (also 2025-4..2026-3): every quarter from the first to the last."""
    m = re.fullmatch(r"\s*(\d{4})-([IV]+|\d)\s*\.\.\s*(\d{4})-([IV]+|\d)\s*", str(text), re.I)
    try:
        first = (int(m[1]), TRIWULAN[number(m[2]) - 1])
        last = (int(m[3]), TRIWULAN[number(m[4]) - 1])
    except (TypeError, ValueError):
        raise ValueError(f"Rangkaian triwulan '{text}' tidak dapat dibaca. Tulis seperti 2025-IV..2026-III.") from None
    chain = [last]
    while chain[-1] != first and len(chain) <= MOST:
        chain.append(previous(*chain[-1]))
    if chain[-1] != first or not 2019 <= first[0] <= last[0] <= 2100:
        raise ValueError(f"Rangkaian triwulan '{text}' tidak sah: triwulan pertama harus sebelum yang terakhir, "
                         f"paling banyak {MOST} triwulan, tahun 2019 sampai 2100.")
    return chain[::-1]


def _cash(book: dict) -> float:
    """Saldo Akhir of a drawn book: Saldo Kas Awal + money in - money out (STANDARD 5)."""
    moved = sum(x["jumlah"] for x in book["pemasukan"] if x["bentuk"] == "Uang")
    moved -= sum(x["jumlah"] for x in book["pengeluaran"] if x["bentuk"] == "Uang")
    return book["_identitas"]["saldo_awal"] + moved


def _build(args) -> tuple[list[Mistake], int, str, float]:
    """Worker: draw one workbook with its carried-over Saldo Kas Awal, plant what the chain asks
    for, spoil and write it; its mistakes, WKSBM index, variant and Saldo Akhir."""
    job, saldo, drift, outlier = args
    g = BookDrawer(job, saldo=None if saldo is None else max(0, round(saldo + drift)))
    book = g.build()
    planted = []
    if outlier:
        rows = [i for i, x in enumerate(book["pemasukan"]) if x["bentuk"] == "Uang"]
        if rows:
            i = max(rows, key=lambda k: book["pemasukan"][k]["jumlah"])
            book["pemasukan"][i]["jumlah"] = min(book["pemasukan"][i]["jumlah"] * 1000, S.MAX_RP)
            planted.append(("pemasukan", i, "jumlah", "value-outlier"))
    if drift:
        planted.append(("_identitas", None, "saldo_awal", "balance-carryover"))
    akhir = _cash(book)
    style = layout(g, book)
    done = apply_mistakes(book, job.kinds, g)
    where = write_book(Path(job.out_dir) / job.file, book, style, g)
    out = []
    for sheet_key, i, key, code in done + planted:
        sheet = S.IDENTITAS.name if sheet_key == "_identitas" else S.TABLE_BY_KEY[sheet_key].name
        out.append(Mistake(job.file, sheet, where[(sheet_key, i, key)], code, S.RULES[code].severity))
    return out, job.index, job.variant, akhir


def _received(job, tahun: int, triwulan: str, late: bool, rng: random.Random) -> dt.datetime:
    """A receipt time: a day or two after the report is dated, or well after the deadline."""
    deadline = default_deadline(tahun, triwulan)
    if late:
        day = deadline + dt.timedelta(days=rng.randint(1, 20))
    else:
        day = deadline - dt.timedelta(days=rng.randint(0, 9))
        day = day + dt.timedelta(days=7) if job.variant == "revisi" and day + dt.timedelta(days=7) <= deadline else day
    return dt.datetime(day.year, day.month, day.day, rng.randint(7, 21), rng.randint(0, 59))


def generate_chain(out_dir, quarters: list[tuple[int, str]], count: int = 20, seed: int = 2026,
                   error_rate: float = 0.2, workers: int | None = None) -> list[SampleResult]:
    """One folder of samples per quarter, oldest first, balances carried over between them."""
    out = Path(out_dir)
    workers = max(1, workers or os.cpu_count() or 1)
    carried: dict[int, float] = {}
    results = []
    for k, (tahun, triwulan) in enumerate(quarters):
        folder = out / f"laporan_{folder_name(tahun, triwulan)}"
        folder.mkdir(parents=True, exist_ok=True)
        rows, silent, jobs, mistakes = plan_jobs(count, seed, tahun, number(triwulan), error_rate, folder)
        rng = random.Random(f"wksbm-chain:{seed}:{tahun}:{triwulan}")
        jobs = [replace(j, seed=seed * 100 + k) for j in jobs]    # the same places, new books
        own = [j for j in jobs if (j.tahun, j.q) == (tahun, number(triwulan))]   # not a last quarter's report
        mine = {j.file for j in own}
        clean = sorted({j.index for j in own if j.variant == "normal" and not j.kinds})
        drift = set(rng.sample(clean, round(DRIFT_SHARE * len(clean)))) if k else set()
        outlier = set(rng.sample(sorted(set(clean) - drift), round(OUTLIER_SHARE * len(clean))))
        late = set(rng.sample(sorted({j.index for j in own}), round(LATE_SHARE * len(own))))
        tasks = [(j, carried.get(j.index) if j.file in mine else None,
                  rng.choice((-1, 1)) * rng.randint(2, 40) * 25_000 if j.index in drift else 0,
                  j.index in outlier) for j in jobs]
        times = [(j.file, _received(j, tahun, triwulan, j.index in late, rng)) for j in jobs]
        registry, mistakes_csv, received = folder / REGISTRY_NAME, folder / MISTAKES_NAME, folder / RECEIVED_NAME
        reg_rows = sorted([{**r, "melapor": True} for r in rows] + [{**r, "melapor": False} for r in silent],
                          key=lambda r: (r["kode_kalurahan"], r["padukuhan"].casefold()))
        ends: dict[int, list[float]] = {}

        def write() -> None:
            for found, index, variant, akhir in pmap(_build, tasks, workers if len(tasks) >= 8 else 1,
                                                     chunksize=max(1, len(tasks) // (workers * 8))):
                mistakes.extend(found)
                if variant != "original":
                    ends.setdefault(index, []).append(akhir)
            mistakes.sort(key=Mistake.sort_key)
            _csv(registry, ["kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm", "kapanewon"],
                 [[r[c] for c in ("kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm", "kapanewon")]
                  for r in reg_rows])
            _csv(mistakes_csv, ["file", "sheet", "cell", "code", "severity"],
                 [[m.file, m.sheet, m.cell, m.code, m.severity] for m in mistakes])
            deadline = default_deadline(tahun, triwulan)
            _csv(received, ["berkas", "diterima", "terlambat"],
                 [[f, t.isoformat(timespec="minutes"), "ya" if t.date() > deadline else "tidak"] for f, t in times])

        write_owned(folder, "sample", [folder / j.file for j in jobs] + [registry, mistakes_csv, received], write)
        own_index = {j.index for j in own}
        carried = {i: v[-1] for i, v in ends.items() if i in own_index}
        results.append(SampleResult(folder, [folder / j.file for j in jobs], registry, mistakes, mistakes_csv,
                                    reg_rows))
    return results


def _csv(path: Path, head: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(head)
        w.writerows(rows)
