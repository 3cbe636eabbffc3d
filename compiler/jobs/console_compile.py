"""Compile a quarter from the archive, from the operators' console (issue 21).

The counted uploads among those received before the compile started (after waiting for the
ones still being checked) and the WKSBM expected that quarter are read in one transaction, then
compiled by the web intake's archive compile (`compile_archive`, the same engine and outputs as
`wksbm compile --archive`) over that snapshot. The outputs go to the compile's own folder, which nothing
writes again, plus one zip to download and the list of the uploads used."""
from __future__ import annotations

import csv
import threading
import time
import zipfile
from pathlib import Path

from compiler.archive import compiles, inflight
from compiler.archive.db import stamp, utc_now
from compiler.archive.shared import SharedArchive
from compiler.archive.roster import expected
from compiler.model import period

_RUNNING = threading.Lock()   # one compile at a time: it uses every core


class Busy(RuntimeError):
    """Another compile is running."""


class Snapshot:
    """The archive as it was when the compile started: the counted uploads among those received
    by then, and the WKSBM then expected; everything else (files, deadline, WKSBM by id) read
    from the archive itself."""

    def __init__(self, archive, tahun: int, triwulan: str, cutoff: str | None = None):
        self._archive = archive
        self.files = archive.files
        self.at = cutoff or stamp(utc_now())
        with archive.write():   # one transaction: nothing changes between the two reads
            self._counted = compiles.counted_before(archive, tahun, triwulan, self.at)
            self._expected = expected(archive, tahun, triwulan)

    @classmethod
    def of(cls, archive, counted: list, expected_now: list, at: str) -> "Snapshot":
        """A snapshot already taken (in the server), for the compile's own process."""
        snap = cls.__new__(cls)
        snap._archive, snap.files, snap.at = archive, archive.files, at
        snap._counted, snap._expected = counted, expected_now
        return snap

    def counted(self, tahun, triwulan) -> list[dict]:
        return list(self._counted)

    def all_wksbm(self):
        return list(self._expected)

    def __getattr__(self, name):
        return getattr(self._archive, name)


def start(archive, tahun: int, triwulan: str, by: str, workers: int | None = None, wait: bool = False,
          now=None) -> int:
    """Record a compile that starts now and run it in the background (or here, with `wait`):
    it first waits for the uploads still being checked that arrived before now, then takes
    the snapshot. Returns the compile's id. Raises Busy while another one runs."""
    if not _RUNNING.acquire(timeout=3):   # a compile that just ended lets go within a moment
        raise Busy("Kompilasi lain sedang berjalan. Tunggu sampai selesai, lalu coba lagi.")
    try:
        pressed, cutoff = time.monotonic(), stamp(now or utc_now())
        compile_id, folder = compiles.begin(archive, tahun, triwulan, by, 0, cutoff)
    except BaseException:
        _RUNNING.release()
        raise

    def work():
        try:
            inflight.wait_for_earlier(archive, pressed)
            snap = Snapshot(archive, tahun, triwulan, cutoff)
            compiles.set_uploads(archive, compile_id, len(snap._counted))
            _in_child(archive, snap, compile_id, folder, tahun, triwulan, workers)
        except Exception as exc:   # noqa: BLE001 - recorded for the operator; the server goes on
            compiles.end(archive, compile_id, False, f"Kompilasi gagal ({type(exc).__name__}). Jalankan lagi.")
        finally:
            _RUNNING.release()

    if wait:
        work()
    else:
        threading.Thread(target=work, name=f"wksbm-compile-{compile_id}", daemon=True).start()
    return compile_id


def _in_child(archive, snap: Snapshot, compile_id: int, folder: Path, tahun: int, triwulan: str,
              workers: int | None) -> None:
    """Run the compile in a process of its own: its pandas work never holds the server's
    interpreter (the board stays quick while it runs), and a crash there is only a failed compile."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    child = ctx.Process(target=_child, name=f"wksbm-compile-{compile_id}", daemon=False,
                        args=(str(archive.dir), snap._counted, snap._expected, snap.at, compile_id, str(folder),
                              tahun, triwulan, workers))
    child.start()
    child.join()
    if compiles.get(archive, compile_id)["state"] == "berjalan":
        compiles.end(archive, compile_id, False, "Proses kompilasi berhenti sebelum selesai (mungkin kehabisan "
                     "memori). Jalankan lagi; bila terulang, hubungi pengelola aplikasi.")


def _child(data_dir: str, counted: list, expected_now: list, at: str, compile_id: int, folder: str, tahun: int,
           triwulan: str, workers: int | None) -> None:
    archive = SharedArchive(data_dir)
    snap = Snapshot.of(archive, counted, expected_now, at)
    run(archive, snap, compile_id, Path(folder), tahun, triwulan, workers)


def run(archive, snap: Snapshot, compile_id: int, folder: Path, tahun: int, triwulan: str,
        workers: int | None = None) -> None:
    from compiler.files.out_folder import OutputFolderError
    from compiler.intake.registry import RegistryError
    from compiler.quarter.rules import NothingToCompile
    from compiler.jobs.archive import compile_archive

    try:
        _used(archive, snap, folder / "unggahan_dipakai.csv")
        compiles.lay_out_earlier(archive, tahun, triwulan, folder)   # the quarters before, from the archive
        summary = compile_archive(snap, tahun, triwulan, folder, workers)
        quarter = folder / period.folder_name(tahun, triwulan)
        _zip(quarter, folder / f"kompilasi_{quarter.name}.zip")
        compiles.end(archive, compile_id, True, f"{summary.found} laporan dibaca, {summary.counted} dihitung, "
                     f"{summary.with_errors} perlu perbaikan.")
    except (NothingToCompile, OutputFolderError, RegistryError, OSError) as exc:
        compiles.end(archive, compile_id, False, str(exc))
    except Exception as exc:   # noqa: BLE001 - the operator gets words, the server goes on
        compiles.end(archive, compile_id, False, f"Kompilasi gagal karena kesalahan program ({type(exc).__name__}). "
                     "Laporkan ke pengelola aplikasi.")


def _used(archive, snap: Snapshot, path: Path) -> None:
    """Which uploads the compile used (no personal data: ids, places, times, digests)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["unggahan", "kode_kalurahan", "kalurahan", "padukuhan", "diterima", "sha256"])
        for u in snap.counted(None, None):
            w = archive.wksbm(u["wksbm_id"])
            out.writerow([u["id"], w.kode_kalurahan, w.kalurahan, w.padukuhan, u["received_at"], u["sha256"]])


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
