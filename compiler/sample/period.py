"""Quarters for the sample generator: the reported period and the dates drawn inside it."""
from __future__ import annotations

import calendar
import datetime as dt

from schemas import standard as S


def quarter_number(triwulan) -> int:
    text = str(triwulan).strip().upper()
    if text in S.TRIWULAN:
        return S.TRIWULAN.index(text) + 1
    if text in ("1", "2", "3", "4"):
        return int(text)
    raise ValueError(f"Triwulan tidak sah: {triwulan!r} (pakai I, II, III atau IV)")


def previous_quarter(tahun: int, q: int) -> tuple[int, int]:
    return (tahun - 1, 4) if q == 1 else (tahun, q - 1)


def quarter_bounds(tahun: int, q: int) -> tuple[dt.date, dt.date]:
    last = 3 * q
    return dt.date(tahun, last - 2, 1), dt.date(tahun, last, calendar.monthrange(tahun, last)[1])


def stamp(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day)

