"""The Dinas's registry of WKSBM, `daftar_wksbm.csv` (STANDARD 6), and the WKSBM identity key."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from schemas.reference import KALURAHAN_KODE, KAPANEWON_OF, WILAYAH
from schemas.standard import norm

COLUMNS = ("kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm")
_KAL_BY_CODE = {r["kode_kalurahan"]: r["kalurahan"] for r in WILAYAH}


class RegistryError(ValueError):
    """The registry file cannot be used; the message is for the operator (Bahasa Indonesia)."""


def wksbm_key(kalurahan, padukuhan) -> tuple[str, str] | None:
    """(Kalurahan, Padukuhan) compared case-insensitively with spaces collapsed."""
    if not kalurahan or not padukuhan or not str(padukuhan).strip():
        return None
    return norm(kalurahan), norm(padukuhan)


@dataclass(frozen=True)
class Entry:
    kode_kalurahan: str
    kapanewon: str
    kalurahan: str
    padukuhan: str
    nama_wksbm: str

    @property
    def key(self):
        return wksbm_key(self.kalurahan, self.padukuhan)


def read_registry(path: Path) -> list[Entry]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
            header = rows[0].keys() if rows else []
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise RegistryError(f"daftar WKSBM {path} tidak dapat dibaca ({exc}).") from exc
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise RegistryError(f"daftar WKSBM {path} tidak memiliki kolom: {', '.join(missing)}.")
    entries, bad = {}, []
    for n, row in enumerate(rows, start=2):
        kal = _KAL_BY_CODE.get((row["kode_kalurahan"] or "").strip())
        if kal is None and (row["kalurahan"] or "").strip() in KALURAHAN_KODE:
            kal = row["kalurahan"].strip()
        if kal is None or not (row["padukuhan"] or "").strip():
            bad.append(str(n))
            continue
        entry = Entry(KALURAHAN_KODE[kal], KAPANEWON_OF[kal], kal, row["padukuhan"].strip(),
                      (row["nama_wksbm"] or "").strip() or f"WKSBM {row['padukuhan'].strip()}")
        entries.setdefault(entry.key, entry)
    if bad:
        raise RegistryError(f"daftar WKSBM {path}: kode kalurahan atau padukuhan tidak dikenal di baris "
                            f"{', '.join(bad[:20])}{' ...' if len(bad) > 20 else ''}. Perbaiki baris itu.")
    return sorted(entries.values(), key=lambda e: (e.kode_kalurahan, norm(e.padukuhan)))
