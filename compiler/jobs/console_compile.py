"""Compile a quarter from the archive, from the operators' console (issue 21).

The counted uploads are taken in one read when the compile starts (so it uses exactly the
uploads received before it), written to a temporary folder under names of their own, and
compiled by the same engine as `wksbm compile` (`compile_quarter`), with the WKSBM expected
that quarter as the registry. The outputs go to the compile's own folder, which nothing
writes again, and into one zip to download. Until the web intake's archive compile
(`compile --archive`) lands, this is the thin job the console uses; receipt times and the
deadline are passed on when the engine takes them (issue 22)."""
from __future__ import annotations

import csv
import inspect
import shutil
import tempfile
import threading
import zipfile
from pathlib import Path

from compiler.archive import compiles
from compiler.archive.db import parse_stamp, stamp, utc_now
from compiler.archive.roster import expected
from compiler.intake.registry import file_slug
from compiler.model import period

_RUNNING = threading.Lock()   # one compile at a time: it uses every core


class Busy(RuntimeError):
    """Another compile is running."""


def start(archive, tahun: int, triwulan: str, by: str, workers: int | None = None, wait: bool = False) -> int:
    """Take the counted uploads now, record the compile and run it in the background (or
    here, with `wait`); returns the compile's id. Raises Busy while another one runs."""
    if not _RUNNING.acquire(blocking=False):
        raise Busy("Kompilasi lain sedang berjalan. Tunggu sampai selesai, lalu coba lagi.")
    try:
        started = stamp(utc_now())
        counted = archive.counted(tahun, triwulan)      # one read: a consistent snapshot
        registry = expected(archive, tahun, triwulan)
        compile_id, folder = compiles.begin(archive, tahun, triwulan, by, len(counted), started)
    except BaseException:
        _RUNNING.release()
        raise

    def work():
        try:
            run(archive, compile_id, folder, counted, registry, tahun, triwulan, workers)
        finally:
            _RUNNING.release()

    if wait:
        work()
    else:
        threading.Thread(target=work, name=f"wksbm-compile-{compile_id}", daemon=True).start()
    return compile_id


def run(archive, compile_id: int, folder: Path, counted: list, registry: list, tahun: int, triwulan: str,
        workers: int | None = None) -> None:
    from compiler.api import NothingToCompile, OutputFolderError, RegistryError, compile_quarter

    by_id = {w.id: w for w in registry}
    tmp = Path(tempfile.mkdtemp(prefix=".masukan-", dir=folder))
    try:
        inbox = tmp / "laporan"
        inbox.mkdir()
        received = {}
        with (folder / "unggahan_dipakai.csv").open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(["unggahan", "kode_kalurahan", "kalurahan", "padukuhan", "diterima", "sha256", "berkas"])
            for u in counted:
                w = by_id.get(u["wksbm_id"]) or archive.wksbm(u["wksbm_id"])
                name = f"{w.kode_kalurahan.replace('.', '')}_{file_slug(w.padukuhan)}_{u['id']}.xlsx"
                (inbox / name).write_bytes(archive.files.get(u["sha256"]))
                received[name] = parse_stamp(u["received_at"])
                out.writerow([u["id"], w.kode_kalurahan, w.kalurahan, w.padukuhan, u["received_at"], u["sha256"], name])
        reg = tmp / "daftar_wksbm.csv"
        with reg.open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(["kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm"])
            for w in registry:
                out.writerow([w.kode_kalurahan, w.kalurahan, w.padukuhan, w.nama_wksbm])
        extra = {}
        takes = inspect.signature(compile_quarter).parameters
        if "received" in takes:
            extra["received"] = received
        if "tenggat" in takes:
            extra["tenggat"] = archive.deadline(tahun, triwulan)
        summary = compile_quarter(inbox, tahun, triwulan, folder, registry_path=reg, workers=workers, **extra)
        quarter = folder / period.folder_name(tahun, triwulan)
        _zip(quarter, folder / f"kompilasi_{quarter.name}.zip")
        compiles.end(archive, compile_id, True, f"{summary.found} laporan dibaca, {summary.counted} dihitung, "
                     f"{summary.with_errors} perlu perbaikan.")
    except (NothingToCompile, OutputFolderError, RegistryError, OSError) as exc:
        compiles.end(archive, compile_id, False, str(exc))
    except Exception as exc:   # noqa: BLE001 - the operator gets words, the server goes on
        compiles.end(archive, compile_id, False, f"Kompilasi gagal karena kesalahan program ({type(exc).__name__}). "
                     "Laporkan ke pengelola aplikasi.")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _zip(quarter: Path, target: Path) -> None:
    part = target.with_suffix(".zip.part")
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in quarter.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{quarter.name}/{path.relative_to(quarter).as_posix()}", (2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    part.replace(target)


def files(archive, record: dict) -> list[Path]:
    """The output files of a finished compile (recaps, CSVs, copies), relative to its quarter."""
    quarter = archive.dir / record["folder"] / period.folder_name(record["tahun"], record["triwulan"])
    if record["state"] != "selesai" or not quarter.is_dir():
        return []
    return sorted(p.relative_to(quarter) for p in quarter.rglob("*") if p.is_file())
