"""How the console writes dates, times and states in Bahasa Indonesia."""
from __future__ import annotations

import datetime as dt

from compiler.archive.db import WIB, parse_stamp

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember")
STATUS = {"dihitung": "Dihitung", "perlu_perbaikan": "Perlu perbaikan", "diganti": "Diganti unggahan yang lebih baru",
          "triwulan_lain": "Triwulan lain", "tidak_terdaftar": "Tidak terdaftar", "belum_melapor": "Belum melapor",
          "wksbm_lain": "Buku kerja WKSBM lain", "ditolak": "Ditolak"}
ROLES = {"admin": "Admin", "operator": "Operator", "kapanewon": "Kapanewon"}


def tanggal(day: dt.date | None) -> str:
    return f"{day.day} {BULAN[day.month - 1]} {day.year}" if day else ""


def waktu(text: str | None) -> str:
    """A stored UTC time as Bantul reads it: '5 Oktober 2026 14.03 WIB'."""
    if not text:
        return ""
    when = parse_stamp(text).astimezone(WIB)
    return f"{tanggal(when.date())} {when:%H.%M} WIB"


def status(code: str | None) -> str:
    return STATUS.get(code or "", (code or "").replace("_", " ").capitalize())


def sisa(days: int) -> str:
    if days > 0:
        return f"{days} hari lagi"
    if days == 0:
        return "hari ini hari terakhir"
    return f"sudah lewat {-days} hari"


def persen(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"
