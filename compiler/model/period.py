"""Quarters (triwulan): their days, their deadline, the one before, the folder they are written
to. One place, so that the checks, the compile, the archive and the samples agree."""
from __future__ import annotations

import calendar
import datetime as dt

TRIWULAN = ("I", "II", "III", "IV")


def number(triwulan) -> int:
    """1..4 for I..IV (also '1'..'4', any case, spaces around); ValueError otherwise."""
    text = str(triwulan).strip().upper()
    if text in TRIWULAN:
        return TRIWULAN.index(text) + 1
    if text in ("1", "2", "3", "4"):
        return int(text)
    raise ValueError(f"Triwulan tidak sah: {triwulan!r} (pakai I, II, III atau IV)")


def bounds(tahun, triwulan) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a quarter; None when either part is unknown."""
    if tahun is None or triwulan not in TRIWULAN:
        return None
    last = 3 * number(triwulan)
    return dt.date(int(tahun), last - 2, 1), dt.date(int(tahun), last, calendar.monthrange(int(tahun), last)[1])


def default_deadline(tahun: int, triwulan: str) -> dt.date:
    """STANDARD 5: the 10th day of the month after the quarter ends."""
    end = bounds(tahun, triwulan)[1]
    return (end + dt.timedelta(days=1)).replace(day=10)


def previous(tahun: int, triwulan: str) -> tuple[int, str]:
    q = number(triwulan)
    return (tahun - 1, "IV") if q == 1 else (tahun, TRIWULAN[q - 2])


def folder_name(tahun: int, triwulan: str) -> str:
    """'2026-T3': the folder a compile writes the quarter to."""
    return f"{tahun}-T{number(triwulan)}"


def containing(day: dt.date) -> tuple[int, str]:
    return day.year, TRIWULAN[(day.month - 1) // 3]


def collected(today: dt.date) -> tuple[int, str]:
    """STANDARD 7: the quarter being collected is "the latest one whose deadline has not passed,
    or else the latest that has ended". Read literally, the quarter still running always has
    the latest deadline; a report is made after its quarter ends, so the candidates are the
    quarters that have ended, and the latest of those is the answer either way."""
    return previous(*containing(today))
