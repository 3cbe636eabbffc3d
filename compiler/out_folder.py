"""The quarter folder a compile writes, OUT/YYYY-Tn/, replaced whole: so it must hold nothing else.

A compile writes its outputs into a temporary folder beside the quarter folder, then puts
that in place of the old one in one step (`swap`), so that nobody ever sees a mix of two
runs. Replacing is only safe when the old folder holds what an earlier compile wrote: an
input folder given as the quarter folder (or inside it) would go with the volunteers'
reports, and a file the operator put there (a signed scan, a note) would be lost. `check`
refuses both before anything is read, and again just before the swap.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

# What a compile writes, as paths relative to the quarter folder.
_OURS = re.compile(r"daftar_temuan\.(?:csv|xlsx)|rekap_data\.csv|rekap_[^/]+\.(?:xlsx|html)"
                   r"|perbaikan/[^/]+_perbaikan\.xlsx")
_ALWAYS = ("rekap_data.csv", "daftar_temuan.csv")   # written by every compile
# What file managers leave in any folder they show (hidden files: .DS_Store and the like, too).
_FILE_MANAGERS = ("thumbs.db", "desktop.ini")
_SHOWN = 3   # other files named in the message


class OutputFolderError(ValueError):
    """The quarter folder cannot be replaced; the message is for the operator (Bahasa Indonesia)."""


def quarter_folder(out: Path, tahun: int, triwulan: str) -> Path:
    return out / f"{tahun}-T{'I II III IV'.split().index(triwulan) + 1}"


def check(final: Path, inputs: Path) -> None:
    """Raise OutputFolderError unless `final` may be replaced by a new compile's outputs."""
    top, reports = final.resolve(), inputs.resolve()
    if top == reports or top in reports.parents:
        raise OutputFolderError(
            f"folder keluaran {final} adalah folder laporan yang diperiksa, atau memuatnya: rekap yang "
            "ditulis ke sana akan menghapus laporan. Pilih folder --out yang lain.")
    others = _others(final)
    if others:
        shown = ", ".join(others[:_SHOWN]) + (f" dan {len(others) - _SHOWN} lainnya" if len(others) > _SHOWN else "")
        raise OutputFolderError(
            f"folder keluaran {final} berisi berkas yang tidak dibuat wksbm ({shown}). Rekap tidak ditulis, "
            "agar berkas itu tidak terhapus: pindahkan berkas itu (bila berkas rekap masih terbuka di "
            "Excel, tutup dulu), atau pilih folder --out yang lain.")


def earlier_outputs(reports: Path) -> list[Path]:
    """The quarter folders below `reports` written by a compile (when the operator compiled
    into the folder of reports, or a folder inside it): never reports. Such a folder holds
    what every compile writes, rekap_data.csv and daftar_temuan.csv, and nothing else."""
    return [d for d in sorted(reports.rglob("[0-9][0-9][0-9][0-9]-T[1-4]"))
            if all((d / name).is_file() for name in _ALWAYS) and not _others(d)]


def _others(folder: Path) -> list[str]:
    """The files below `folder` that a compile did not write, as sorted relative paths."""
    found = []
    for root, _, names in os.walk(folder):
        rel = Path(root).relative_to(folder).as_posix()
        found += [name if rel == "." else f"{rel}/{name}" for name in names]
    return sorted(name for name in found if not _OURS.fullmatch(name)
                  and not any(part.startswith(".") for part in name.split("/"))
                  and name.rsplit("/", 1)[-1].lower() not in _FILE_MANAGERS)


def swap(work: Path, final: Path) -> None:
    """Put the new output folder in place of the old one, never leaving a mix of both."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}-lama-{os.getpid()}")
        os.replace(final, old)
    os.replace(work, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
