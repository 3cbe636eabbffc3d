"""What wksbm wrote, so that it never overwrites, deletes or reads as a report anything else.

Each run leaves a manifest, `.wksbm-hasil.txt`, beside what it wrote: the command, then the
SHA-256 and path of every file, and after a correction copy the report it was made from. A
file is wksbm's to replace or remove while it is listed there and unchanged.
- A compile writes OUT/YYYY-Tn/ into a temporary folder and then puts it in place of the old
  one in one step (`swap`), so that nobody sees a mix of two runs. It may only replace a
  folder that holds nothing but a compile's own unchanged files (`check`): not the folder of
  reports (or one holding it), not a signed scan or a recap the operator edited.
- A validation (or template --registry, or sample) writes into --out beside whatever is
  there: it overwrites only its own unchanged files, removes its old files that are out of
  date (the copy of a report checked again that needs none now), keeps listing the ones
  changed since, and never writes into another command's folder or inside a compile's
  quarter folder (`claim`, `write_owned`).
- No command reads what a run listed as a report (`listed_files`), changed or not, whatever
  --out was then; sample workbooks, and templates once filled, excepted.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

from compiler.files.atomic import write_bytes
from compiler.model.findings import listed
from compiler.model.period import folder_name

MANIFEST = ".wksbm-hasil.txt"
_CLUTTER = ("thumbs.db", "desktop.ini", ".ds_store")   # what file managers leave in any folder
_SHOWN = 3   # other files named in a message


class OutputFolderError(ValueError):
    """An output folder cannot be written; the message is for the operator (Bahasa Indonesia)."""


def quarter_folder(out: Path, tahun: int, triwulan: str) -> Path:
    return out / folder_name(tahun, triwulan)


def _digest(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


_SOURCE = "  <- "   # a line after a copy's line: the report it was made from


def _read(folder: Path) -> tuple[str | None, dict[str, str], dict[str, str]]:
    """(the command that wrote `folder`, {relative path: digest}, {relative path: source});
    (None, {}, {}) if there is no manifest."""
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8", errors="surrogateescape")
        lines = [line.removesuffix("\r") for line in text.split("\n")]   # not splitlines(): \x0c, \u2028 ...
    except (OSError, UnicodeError):
        return None, {}, {}
    if not lines or not lines[0].startswith("wksbm "):
        return None, {}, {}
    files, sources, rel = {}, {}, None
    for line in lines[1:]:
        if line.startswith(_SOURCE):
            if rel is not None:
                sources[rel] = line[len(_SOURCE):]
            continue
        digest, _, rel = line.partition("  ")
        if _below(rel):
            files[rel] = digest
        else:
            rel = None
    return lines[0][6:], files, sources


def copy_sources(folder: Path) -> dict[Path, str]:
    """Each listed file of `folder` that records the report it was made from: path -> source."""
    return {folder / rel: source for rel, source in _read(folder)[2].items()}


def _manifest(folder: Path) -> tuple[str | None, dict[str, str]]:
    """(the command that wrote `folder`, {relative path: digest}); (None, {}) if none."""
    command, files, _ = _read(folder)
    return command, files


def _below(rel: str) -> bool:
    """A plain relative path that stays below the manifest's folder: a manifest edited by hand
    (or sent along with reports) must not make wksbm skip, replace or remove anything else."""
    parts = rel.split("/")
    return (bool(rel) and not any(c in rel for c in "\\:\x00") and "" not in parts
            and not {".", ".."} & set(parts))


def _files(folder: Path) -> list[str]:
    found = []
    for root, _, names in os.walk(folder):
        rel = Path(root).relative_to(folder).as_posix()
        found += [name if rel == "." else f"{rel}/{name}" for name in names]
    return sorted(found)


def _plain(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def _unchanged(folder: Path, files: dict[str, str]) -> set[str]:
    """The listed files still as wksbm wrote them (plain files only: a device or a pipe listed
    by hand is never read)."""
    kept = set()
    for rel, digest in files.items():
        path = folder / rel
        try:
            if _plain(path) and _digest(path) == digest:
                kept.add(rel)
        except (OSError, ValueError):
            pass
    return kept


def _clutter(name: str) -> bool:
    """What file managers leave in any folder, and the lock files Excel and LibreOffice leave
    beside an open file (hidden on Windows, and left behind when they crash): while the file is
    open, the folder cannot be replaced anyway, and wksbm says so."""
    return (name.lower() in _CLUTTER or name.startswith(("._", "~$"))
            or (name.startswith(".~lock.") and name.endswith("#")))


def _foreign(folder: Path) -> list[str]:
    """Files below `folder` that a compile did not write there, or that changed since."""
    command, listed = _manifest(folder)
    ours = _unchanged(folder, listed) if command == "compile" else set()
    return [rel for rel in _files(folder) if rel != MANIFEST and rel not in ours
            and not _clutter(rel.rsplit("/", 1)[-1])]


def _named(files: list[str]) -> str:
    return listed(files, _SHOWN)


def check(final: Path, inputs: Path) -> None:
    """Raise OutputFolderError unless `final` may be replaced by a new compile's outputs."""
    try:
        top, reports = final.resolve(), inputs.resolve()
    except (OSError, RuntimeError):   # a symlink loop: writing there then says what is wrong
        top, reports = final.absolute(), inputs.absolute()
    if top == reports or top in reports.parents:
        raise OutputFolderError(
            f"folder keluaran {final} adalah folder laporan yang diperiksa, atau memuatnya: rekap yang "
            "ditulis ke sana akan menghapus laporan. Pilih folder --out yang lain.")
    others = _foreign(final) if final.is_dir() else []
    if others:
        raise OutputFolderError(
            f"folder keluaran {final} berisi berkas yang tidak dibuat wksbm atau sudah diubah sesudahnya "
            f"({_named(others)}). Rekap tidak ditulis, agar berkas itu tidak terhapus. Pindahkan berkas itu, "
            f"atau ganti nama folder {final.name} (misalnya menjadi {final.name}-lama) agar rekap ditulis ke "
            "folder baru, atau pilih folder --out yang lain.")


def record(folder: Path, command: str, written: list[Path], sources: dict | None = None,
           kept: dict[str, str] | None = None) -> None:
    """List what `command` wrote in `folder` (the manifest), with each file's digest and, for a
    copy, the report it was made from. `kept`: earlier lines (relative path: digest) of files
    it wrote before and that are still there, changed since: still listed, so never read as
    reports, and, their digest no longer matching, never overwritten or removed."""
    sources = {Path(p).relative_to(folder).as_posix(): s for p, s in (sources or {}).items()}
    found = {Path(p).relative_to(folder).as_posix() for p in written}
    lines = [f"wksbm {command}"]
    for rel in sorted({*found, *(kept or {})}):
        lines.append(f"{_digest(folder / rel) if rel in found else kept[rel]}  {rel}")
        source = sources.get(rel)
        if source and "\n" not in source and "\r" not in source:
            lines.append(_SOURCE + source)
    # a report's path may hold bytes that are not UTF-8: kept as they are (surrogateescape)
    write_bytes(folder / MANIFEST, ("\n".join(lines) + "\n").encode("utf-8", "surrogateescape"))


_WHAT = {"compile": "rekap triwulan", "validate": "hasil pemeriksaan", "template": "templat",
         "sample": "contoh buku kerja"}


def claim(out: Path, command: str, targets: list[Path], option: str = "--out") -> list[Path]:
    """Before `command` writes `targets` into `out`: raise OutputFolderError if that would
    overwrite a file wksbm did not write (or that changed since), or if another command's
    outputs are there. Returns the files of the same command's last run there that are not
    written again (old copies, to be removed once the new ones are written)."""
    return _claim(out, command, targets, option)[0]


def _claim(out: Path, command: str, targets: list[Path], option: str):
    """`claim`, with what the manifest there lists: (old files, {path: digest}, {path: source})."""
    try:
        parents = Path(out).resolve().parents
    except (OSError, RuntimeError):   # a symlink loop: making the folder then says what is wrong
        parents = []
    for above in parents:
        if _manifest(above)[0] == "compile":
            raise OutputFolderError(f"folder {out} berada di dalam folder rekap triwulan {above}, yang diganti "
                                    f"seluruhnya setiap kali rekap dibuat. Pilih folder {option} di luarnya.")
    before, listed, sources = _read(out)
    if before is not None and before != command:
        raise OutputFolderError(f"folder {out} berisi {_WHAT.get(before, 'hasil wksbm lain')}. Pilih folder "
                                f"{option} yang lain, agar berkas itu tidak tertimpa.")
    ours = _unchanged(out, listed)
    wanted = {Path(t).relative_to(out).as_posix() for t in targets}
    others = sorted(rel for rel in wanted if (out / rel).exists() and rel not in ours)
    if others:
        raise OutputFolderError(
            f"folder {out} sudah berisi berkas dengan nama yang akan ditulis, yang tidak dibuat wksbm atau "
            f"sudah diubah sesudahnya ({_named(others)}). Pindahkan berkas itu, atau pilih folder {option} yang lain.")
    return [out / rel for rel in sorted(ours - wanted)], listed, sources


def write_owned(out: Path, command: str, targets: list[Path], write, option: str = "--out",
                stale=lambda path, source: True, sources: dict | None = None) -> None:
    """Claim `targets` in `out`, call write(), remove what the same command's last run wrote
    there, did not write again and `stale(path, its source)` says is out of date, and list
    what is wksbm's now: the listing in a `finally`, so that an interruption (Ctrl+C, a full
    disk) never leaves wksbm's own files unlisted. `sources`: target -> the report it is from."""
    old, listed, old_sources = _claim(out, command, targets, option)
    wanted = {Path(t).relative_to(out).as_posix() for t in targets}
    old_rels = {p.relative_to(out).as_posix() for p in old}
    kept = {rel: d for rel, d in listed.items() if rel not in wanted and rel not in old_rels
            and _plain(out / rel)}
    try:
        write()
        for path in old:
            if stale(path, old_sources.get(path.relative_to(out).as_posix())):
                path.unlink(missing_ok=True)
    finally:   # the earlier files kept, with the report each was made from
        sources = {**{out / rel: src for rel, src in old_sources.items()}, **(sources or {})}
        record(out, command, [p for p in [*targets, *old] if p.is_file()], sources, kept)


def listed_files(folders) -> list[Path]:
    """The files wksbm wrote below these folders: never reports, even once changed (a findings
    list the operator added notes to, a recap saved again from Excel)."""
    found = []
    for top in folders:
        top = Path(os.fsdecode(top))
        if not top.is_dir():
            continue
        for manifest in sorted(top.rglob(MANIFEST)):
            command, listed = _manifest(manifest.parent)
            if command == "template":   # a template filled where it was made is a report
                found += [manifest.parent / rel for rel in sorted(_unchanged(manifest.parent, listed))]
            elif command != "sample":   # sample workbooks are there to be checked
                found += [manifest.parent / rel for rel in sorted(listed) if _plain(manifest.parent / rel)]
            else:                       # but not the registry and notes beside them
                found += [manifest.parent / rel for rel in sorted(listed)
                          if not rel.lower().endswith(".xlsx") and _plain(manifest.parent / rel)]
    return found


def workbooks(paths) -> int:
    """How many of these files are workbooks (what a message about skipped outputs counts)."""
    return sum(1 for path in paths if Path(path).suffix.lower() == ".xlsx")


def swap(work: Path, final: Path) -> None:
    """Put the new output folder in place of the old one, never leaving a mix of both."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}-lama-{os.getpid()}")
        os.replace(final, old)
    os.replace(work, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
