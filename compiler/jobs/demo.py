"""A sample archive for the server's demo: sample workbooks of one or more quarters received
through their WKSBM's links, each at the time its quarter's diterima.csv gives (some late), so
that `wksbm serve` opens on a board with reports on time, late, to correct and missing, and the
console's compiles find the quarters before."""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from compiler.archive.db import WIB, Archive
from compiler.intake.registry import file_slug


@dataclass
class Loaded:
    uploads: int = 0
    late: int = 0
    skipped: int = 0    # workbooks of no registered WKSBM (the samples' unregistered ones)


def _times(folder: Path) -> dict[str, dt.datetime]:
    """diterima.csv: file -> receipt time (written in WIB, Bantul's time)."""
    path = folder / "diterima.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {r["berkas"]: dt.datetime.fromisoformat(r["diterima"]).replace(tzinfo=WIB) for r in csv.DictReader(fh)}


def _owner(archive: Archive) -> dict[str, object]:
    """A sample file's name prefix (as `wksbm sample` and `template --registry` name them) -> WKSBM."""
    return {f"wksbm_{w.kode_kalurahan.replace('.', '')}_{file_slug(w.padukuhan)}_": w for w in archive.all_wksbm()}


def load_samples(results, data_dir: Path, workers: int | None = None) -> Loaded:
    """Each sample quarter (oldest first, as `wksbm sample` returns them): its registry imported
    into the archive in `data_dir`, then each workbook received by the web intake's own job."""
    from compiler.jobs.checker import Checker
    from compiler.jobs.upload import receive

    archive, checker, loaded = Archive(data_dir), Checker(workers), Loaded()
    checker.start(wait=True)
    try:
        for result in results:
            archive.import_registry(result.registry)
            owners, times = _owner(archive), _times(Path(result.out_dir))
            default = dt.datetime.now(WIB)
            for path in sorted(result.files, key=lambda p: (times.get(p.name, default), p.name)):
                wksbm = next((w for prefix, w in owners.items() if path.name.startswith(prefix)), None)
                if wksbm is None:
                    loaded.skipped += 1
                    continue
                got = receive(archive, checker, wksbm, path.read_bytes(), path.name,
                              now=times.get(path.name, default).astimezone(dt.timezone.utc)).upload
                loaded.uploads += 1
                loaded.late += any(f["kode"] == "submission-late" for f in got["findings"])
    finally:
        checker.close()
        archive.close()
    return loaded
