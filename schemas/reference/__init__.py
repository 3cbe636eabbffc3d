"""Reference data shipped with the package: wilayah Bantul, jenis PPKS and PSKS, padukuhan.

Loaded with the csv module (no pandas) so that importing the standard stays cheap.
"""
from __future__ import annotations

import csv
from importlib import resources


def load(name: str) -> list[dict[str, str]]:
    """Rows of one reference CSV, as dicts."""
    with resources.files(__name__).joinpath(name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


WILAYAH = load("wilayah_bantul.csv")
KAPANEWON_KODE = {r["kapanewon"]: r["kode_kapanewon"] for r in WILAYAH}
KAPANEWON = tuple(KAPANEWON_KODE)
KALURAHAN = tuple(dict.fromkeys(r["kalurahan"] for r in WILAYAH))
KALURAHAN_KODE = {r["kalurahan"]: r["kode_kalurahan"] for r in WILAYAH}
KALURAHAN_OF = {k: tuple(r["kalurahan"] for r in WILAYAH if r["kapanewon"] == k) for k in KAPANEWON}
KAPANEWON_OF = {r["kalurahan"]: r["kapanewon"] for r in WILAYAH}
KABUPATEN = ("34.02", "Bantul")

_ppks = load("jenis_ppks.csv")
_psks = load("jenis_psks.csv")
PPKS = tuple(r["nama"] for r in _ppks)
PSKS = tuple(r["nama"] for r in _psks)


def _aliases(rows: list[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    out = [(r["kode"], r["nama"]) for r in rows]
    out += [(r["nama"].replace("Telantar", "Terlantar"), r["nama"]) for r in rows if "Telantar" in r["nama"]]
    return tuple(out)


PPKS_ALIASES = _aliases(_ppks)
PSKS_ALIASES = _aliases(_psks)

PADUKUHAN = load("padukuhan_bantul.csv")
PADUKUHAN_JUMLAH = load("padukuhan_jumlah_bantul.csv")
