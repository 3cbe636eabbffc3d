"""The archive's jobs besides an upload: the links to send, the counted uploads written out as
files, and a compile of a quarter straight from the archive (STANDARD 3 and 7)."""
from __future__ import annotations

import csv
import datetime as dt
import inspect
import io
import os
import tempfile
from pathlib import Path

from compiler.archive.db import Archive, Imported, parse_stamp
from compiler.files.atomic import FIXED_TIME, write_bytes
from compiler.files.inert import csv_text
from compiler.intake.registry import RegistryError, file_slug

LINK_COLUMNS = ("kapanewon", "kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm", "tautan", "api")


class EmptyArchive(RegistryError):
    """The archive holds no WKSBM yet; the message says what to run."""


def link_rows(archive: Archive, base_url: str) -> list[tuple]:
    base = base_url.rstrip("/")
    rows = []
    for w in archive.all_wksbm():
        tok = archive.token_of(w.id)
        rows.append((w.kapanewon, w.kode_kalurahan, w.kalurahan, w.padukuhan, w.nama_wksbm,
                     f"{base}/lapor/{tok}", f"{base}/api/lapor/{tok}"))
    return sorted(rows, key=lambda r: (r[0], r[2], r[3].casefold()))


def write_links(archive: Archive, out: Path, base_url: str, registry: Path | None = None) -> tuple[int, Imported | None]:
    """Import the registry (new WKSBM get links, known ones keep theirs), then write every link
    to `out` (.csv or .xlsx). Returns (rows written, what the import did)."""
    imported = archive.import_registry(registry) if registry else None
    rows = link_rows(archive, base_url)
    if not rows:
        raise EmptyArchive("arsip belum berisi daftar WKSBM. Jalankan lagi dengan --registry daftar_wksbm.csv.")
    if out.suffix.lower() == ".xlsx":
        write_bytes(out, _links_xlsx(rows))
    else:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(LINK_COLUMNS)
        writer.writerows([csv_text(v) for v in row] for row in rows)
        write_bytes(out, buf.getvalue().encode("utf-8-sig"))
    return len(rows), imported


def _links_xlsx(rows: list[tuple]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                   "strings_to_urls": False})
    wb.set_properties({"author": "wksbm", "created": FIXED_TIME})
    ws = wb.add_worksheet("Tautan WKSBM")
    bold = wb.add_format({"bold": True})
    ws.write_row(0, 0, LINK_COLUMNS, bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            ws.write_string(r, c, str(value))
    for c, width in enumerate((16, 16, 16, 20, 28, 60, 64)):
        ws.set_column(c, c, width)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(LINK_COLUMNS) - 1)
    wb.close()
    return buf.getvalue()


def export_counted(archive: Archive, tahun: int, triwulan: str, out: Path) -> dict[Path, dt.datetime]:
    """Write the counted upload of each WKSBM for the quarter into `out`, as
    wksbm_<kode_kalurahan>_<padukuhan>.xlsx, its file time its receipt time. Returns each
    written file's receipt time (UTC)."""
    out.mkdir(parents=True, exist_ok=True)
    written: dict[Path, dt.datetime] = {}
    names: set[str] = set()
    for u in archive.counted(tahun, triwulan):
        w = archive.wksbm(u["wksbm_id"])
        stem = name = f"wksbm_{w.kode_kalurahan}_{file_slug(w.padukuhan)}"
        n = 1
        while name.casefold() in names:
            n += 1
            name = f"{stem}_{n}"
        names.add(name.casefold())
        path = out / f"{name}.xlsx"
        write_bytes(path, archive.files.get(u["sha256"]))
        received = parse_stamp(u["received_at"])
        os.utime(path, (received.timestamp(), received.timestamp()))
        written[path] = received
    return written


def registry_csv(archive: Archive, path: Path) -> Path:
    """The archive's WKSBM as a `daftar_wksbm.csv` (STANDARD 6), for a compile."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(("kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm"))
    for w in archive.all_wksbm():
        writer.writerow([csv_text(v) for v in (w.kode_kalurahan, w.kalurahan, w.padukuhan, w.nama_wksbm)])
    write_bytes(path, buf.getvalue().encode("utf-8-sig"))
    return path


def compile_archive(archive: Archive, tahun: int, triwulan: str, out: Path, workers: int | None = None, **hooks):
    """`compile --archive`: the counted uploads, exported to a temporary folder, compiled as a
    folder is, with the archive's registry; the deadline and the receipt times go along where
    the compile takes them (the timeliness indicators)."""
    from compiler.jobs.compile import compile_quarter
    from compiler.quarter.rules import NothingToCompile

    with tempfile.TemporaryDirectory(prefix=".wksbm-arsip-") as tmp:
        inputs = Path(tmp) / "laporan"
        received = export_counted(archive, tahun, triwulan, inputs)
        if not received:
            raise NothingToCompile(f"arsip belum berisi laporan triwulan {triwulan} {tahun} yang dapat dihitung.")
        registry = registry_csv(archive, Path(tmp) / "daftar_wksbm.csv")
        takes = inspect.signature(compile_quarter).parameters
        if "tenggat" in takes and hooks.get("tenggat") is None:   # --tenggat, when given, comes first
            hooks["tenggat"] = archive.deadline(tahun, triwulan)
        if "received" in takes:
            hooks["received"] = {str(p): t for p, t in received.items()}
        return compile_quarter(inputs, tahun, triwulan, out, registry, workers, **hooks)
