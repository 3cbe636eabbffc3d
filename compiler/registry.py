"""The Dinas's registry of WKSBM, `daftar_wksbm.csv` (STANDARD 6), and the WKSBM identity key.

Read leniently, as operators save it: a BOM, ';' as written by an Indonesian Excel,
Windows-1252, headers in any case, extra columns. A row that cannot be used is skipped and
reported with its line and reason; the others are used.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from schemas.reference import KAPANEWON_OF, WILAYAH
from schemas.standard import norm

COLUMNS = ("kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm")
_BY_CODE = {re.sub(r"\D", "", r["kode_kalurahan"]): r["kalurahan"] for r in WILAYAH}
_CODE_OF = {r["kalurahan"]: r["kode_kalurahan"] for r in WILAYAH}


class RegistryError(ValueError):
    """The registry file cannot be used; the message is for the operator (Bahasa Indonesia)."""


def wksbm_key(kalurahan, padukuhan) -> tuple[str, str] | None:
    """(Kalurahan, Padukuhan) compared case-insensitively with spaces collapsed."""
    if not kalurahan or not padukuhan or not str(padukuhan).strip():
        return None
    return norm(kalurahan), norm(padukuhan)


@dataclass(frozen=True)
class Entry:
    line: int
    kode_kalurahan: str
    kapanewon: str
    kalurahan: str
    padukuhan: str
    nama_wksbm: str

    @property
    def key(self):
        return wksbm_key(self.kalurahan, self.padukuhan)


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RegistryError(f"Daftar WKSBM {path} tidak dapat dibaca ({exc.strerror or exc}).") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    header = text.splitlines()[0] if text.strip() else ""
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if header.count(";") > header.count(",") else ",")
    names = {norm(f): f for f in reader.fieldnames or () if f}
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise RegistryError(f"Daftar WKSBM {Path(path).name} tidak memiliki kolom {', '.join(missing)}. "
                            f"Baris pertama harus berisi: {','.join(COLUMNS)}.")
    return [(reader.line_num, {c: (row.get(names[c]) or "").strip() for c in COLUMNS}) for row in reader]


def parse_registry(path: Path) -> tuple[list[Entry], list[tuple[int, str]]]:
    """The usable entries, in file order, and (line, reason) for every row skipped."""
    entries, skipped, seen = [], [], {}
    for line, row in _rows(path):
        if not any(row.values()):
            continue
        kal = _BY_CODE.get(re.sub(r"\D", "", row["kode_kalurahan"]))
        key = wksbm_key(kal, row["padukuhan"])
        if kal is None:
            skipped.append((line, f"kode kalurahan '{row['kode_kalurahan']}' tidak dikenal di Kabupaten Bantul"))
        elif key is None:
            skipped.append((line, "nama padukuhan kosong"))
        elif key in seen:
            skipped.append((line, f"WKSBM yang sama sudah tercantum di baris {seen[key]}"))
        else:
            seen[key] = line
            entries.append(Entry(line, _CODE_OF[kal], KAPANEWON_OF[kal], kal, row["padukuhan"],
                                 row["nama_wksbm"]))
    return entries, skipped


def skipped_text(path: Path, skipped: list[tuple[int, str]]) -> str:
    lines = "\n".join(f"- baris {line}: {why}" for line, why in skipped)
    return f"{len(skipped)} baris di {Path(path).name} dilewati:\n{lines}\nPerbaiki baris tersebut lalu ulangi."
