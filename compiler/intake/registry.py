"""The Dinas's registry of WKSBM, `daftar_wksbm.csv` (STANDARD 6), and the WKSBM identity key.

Read leniently, as operators save it: a BOM, ';' as written by an Indonesian Excel,
Windows-1252, headers in any case, extra columns. A row that cannot be used is skipped and
reported with its line and reason; the others are used.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from schemas.reference import KAPANEWON_OF, WILAYAH
from schemas.standard import norm

COLUMNS = ("kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm")
_BY_CODE = {re.sub(r"\D", "", r["kode_kalurahan"]): r["kalurahan"] for r in WILAYAH}
_CODE_OF = {r["kalurahan"]: r["kode_kalurahan"] for r in WILAYAH}


class RegistryError(ValueError):
    """The registry file cannot be used; the message is for the operator (Bahasa Indonesia)."""


_PADUKUHAN_WORD = re.compile(r"^(?:padukuhan|pedukuhan|dusun|dukuh)\.?\s+", re.I)


def file_slug(text: str) -> str:
    """A padukuhan as the name of its pre-filled template gives it (`template_registry`), and as
    a compile reads it back from an unreadable report's name: ASCII letters and digits, "_"
    between, at most 40."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:40].strip("_") or "padukuhan"


def unprefixed(padukuhan) -> str:
    """"Padukuhan Sono" -> "Sono", as the name is shown after the word."""
    return _PADUKUHAN_WORD.sub("", str(padukuhan or "").strip())


def wksbm_key(kalurahan, padukuhan) -> tuple[str, str] | None:
    """(Kalurahan, Padukuhan) compared case-insensitively with spaces collapsed, and with the
    word before a name ("Padukuhan Sono", "Dusun Sono") left out."""
    pad = _PADUKUHAN_WORD.sub("", norm(padukuhan)) if padukuhan else ""
    if not kalurahan or not pad:
        return None
    return norm(kalurahan), pad


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


_SAVE_AS_CSV = "Di Excel, pilih Simpan Sebagai (Save As) lalu jenis CSV, dan pakai berkas .csv itu."


def _text(path: Path, data: bytes) -> str:
    """The file as text: UTF-8 (with or without BOM), UTF-16 as Excel's "Unicode Text" saves, or
    the Windows code page Excel uses for plain CSV."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise RegistryError(f"Daftar WKSBM {Path(path).name} adalah buku kerja Excel, bukan CSV. {_SAVE_AS_CSV}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RegistryError(f"Daftar WKSBM {path} tidak dapat dibaca ({exc.strerror or exc}).") from exc
    lines = _text(path, data).splitlines(keepends=True)
    first = 0
    hint = lines[0].strip().lower() if lines else ""
    if hint.startswith("sep=") and len(hint) == 5:   # Excel's own separator line, which it hides
        delimiter, first = hint[4], 1
    else:
        header = lines[0] if lines else ""
        delimiter = max((";", ",", "\t"), key=header.count) if header.strip() else ","
    reader = csv.DictReader(io.StringIO("".join(lines[first:])), delimiter=delimiter)
    try:
        names = {norm(f): f for f in reader.fieldnames or () if f}
        missing = [c for c in COLUMNS if c not in names]
        if missing:
            raise RegistryError(f"Daftar WKSBM {Path(path).name} tidak memiliki kolom {', '.join(missing)}. "
                                f"Baris pertama harus berisi: {','.join(COLUMNS)}.")
        return [(reader.line_num, {c: (row.get(names[c]) or "").strip() for c in COLUMNS}) for row in reader]
    except csv.Error as exc:
        raise RegistryError(f"Daftar WKSBM {Path(path).name} tidak dapat dibaca sebagai CSV (sekitar baris "
                            f"{reader.line_num}). {_SAVE_AS_CSV}") from exc


def parse_registry(path: Path) -> tuple[list[Entry], list[tuple[int, str]]]:
    """The usable entries, in file order, and (line, reason) for every row skipped."""
    entries, skipped, seen = [], [], {}
    for line, row in _rows(path):
        if not any(row.values()):
            continue
        kal, why = _kalurahan(row["kode_kalurahan"], row["kalurahan"])
        key = wksbm_key(kal, row["padukuhan"])
        if kal is None:
            skipped.append((line, why))
        elif key is None:
            skipped.append((line, "nama padukuhan kosong"))
        elif key in seen:
            skipped.append((line, f"WKSBM yang sama sudah tercantum di baris {seen[key]}"))
        else:
            seen[key] = line
            entries.append(Entry(line, _CODE_OF[kal], KAPANEWON_OF[kal], kal, row["padukuhan"],
                                 row["nama_wksbm"]))
    if not entries and not skipped:
        raise RegistryError(f"Daftar WKSBM {Path(path).name} tidak berisi satu WKSBM pun: isi satu baris untuk "
                            "setiap WKSBM di bawah baris judul kolom.")
    if not entries:   # a rekap would say that no registered WKSBM is missing
        raise RegistryError(f"Tidak satu baris pun di daftar WKSBM {Path(path).name} dapat dipakai "
                            f"(baris {skipped[0][0]}: {skipped[0][1]}). Isi kode_kalurahan seperti 34.02.03.2002 "
                            "atau nama kalurahan yang benar, lalu ulangi.")
    return entries, skipped


_BY_NAME = {norm(r["kalurahan"]): r["kalurahan"] for r in WILAYAH}


def _kalurahan(code: str, name: str) -> tuple[str | None, str]:
    """The registry row's kalurahan, by its Kemendagri code or, failing that, by its name;
    (None, why) when neither gives one, or when they give two different ones."""
    by_code = _BY_CODE.get(re.sub(r"\D", "", code)) if code.strip() else None
    by_name = _BY_NAME.get(norm(name)) if name.strip() else None
    if by_code and by_name and by_code != by_name:
        return None, f"kode kalurahan '{code}' adalah {by_code}, bukan {name}"
    if by_code or by_name:
        return by_code or by_name, ""
    return None, (f"kode kalurahan '{code}' dan nama kalurahan '{name}' tidak dikenal di Kabupaten Bantul"
                  if code.strip() else f"kode kalurahan kosong dan nama kalurahan '{name}' tidak dikenal")


def skipped_text(path: Path, skipped: list[tuple[int, str]]) -> str:
    lines = "\n".join(f"- baris {line}: {why}" for line, why in skipped)
    return f"{len(skipped)} baris di {Path(path).name} dilewati:\n{lines}\nPerbaiki baris tersebut lalu ulangi."
