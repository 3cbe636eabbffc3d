"""pandera schemas of the standard, derived from `schemas.standard`.

Each schema validates the rows of many workbooks at once: a frame carries `_wb` (the
workbook), `_row` (the Excel row) and, for period rules, `_pstart`/`_pend` (the reported
quarter). Every check is named `code` or `code:column`, so a failure maps straight to a
rule code and a cell. Values arrive already typed by the reader (dates as datetime64,
amounts as float, text and enumerations as text), so the schemas check meaning, not type.
"""
from __future__ import annotations

import datetime as dt
from functools import cache

import pandas as pd
import pandera.pandas as pa

from schemas.standard import DATE, ENUM, IDENTITAS, INT, NIK, RP, TABLES, Column, Sheet

MIN_DATE = pd.Timestamp("1900-01-01")
FIRST_YEAR = IDENTITAS.column("tahun").minimum
# Identitas fields whose failures have their own codes (STANDARD 2).
IDENTITY_CODES = {"kapanewon": "region-unknown", "kalurahan": "region-unknown",
                  "tahun": "period-invalid", "triwulan": "period-invalid"}


def _element_checks(col: Column, sheet: Sheet, today: pd.Timestamp) -> list[pa.Check]:
    own = IDENTITY_CODES.get(col.key) if sheet is IDENTITAS else None
    checks = []
    if col.kind == ENUM:
        allowed = frozenset(col.allowed)
        checks.append(pa.Check(lambda s, a=allowed: s.isin(a), name=own or "value-not-allowed"))
    if col.kind == NIK:
        checks.append(pa.Check(lambda s: s.str.fullmatch(r"\d{16}"), name="nik-format"))
    if col.kind in (RP, INT):
        if col.key == "tahun":
            last = today.year + 1
            checks.append(pa.Check(lambda s, hi=last: s.between(FIRST_YEAR, hi), name="period-invalid"))
        elif col.positive:
            checks.append(pa.Check(lambda s: s > 0, name="value-range"))
        elif col.minimum is not None:
            checks.append(pa.Check(lambda s, lo=col.minimum: s >= lo, name="value-range"))
        if col.maximum is not None:
            checks.append(pa.Check(lambda s, hi=col.maximum: s <= hi, name="value-range:maximum"))
    if col.kind == DATE:
        checks.append(pa.Check(lambda s: s >= MIN_DATE, name="value-range:before-1900"))
        if col.not_future:
            checks.append(pa.Check(lambda s, t=today: s <= t, name="value-range:future"))
    return checks


def _frame_checks(sheet: Sheet) -> list[pa.Check]:
    """Rules that compare a column with another column of the same row."""
    checks = []
    for col in sheet.columns:
        k = col.key
        if col.period_bound:
            checks.append(pa.Check(
                lambda df, k=k: df[k].isna() | df[k].between(df["_pstart"], df["_pend"]) | df["_pend"].isna(),
                name=f"date-outside-period:{k}"))
        if col.not_after_period:
            checks.append(pa.Check(lambda df, k=k: ~(df[k] > df["_pend"]), name=f"date-outside-period:{k}"))
        if col.required_when:
            other, value = col.required_when
            checks.append(pa.Check(lambda df, k=k, o=other, v=value: ~((df[o] == v) & df[k].isna()),
                                   name=f"required-missing:{k}"))
    if sheet is IDENTITAS:
        # a report is not made before its quarter starts (`_pstart`: from its own Tahun and Triwulan)
        early = lambda df: df["tanggal_laporan"] < df["_pstart"]   # noqa: E731
        checks.append(pa.Check(lambda df: ~early(df), name="value-range:tanggal_laporan"))
        # the SK date is judged only against a Tanggal Laporan that is itself right
        checks.append(pa.Check(lambda df: ~((df["tanggal_sk"] > df["tanggal_laporan"]) & ~early(df)
                                            & (df["tanggal_laporan"] >= MIN_DATE)),
                               name="value-range:tanggal_sk"))
    return checks


@cache
def schema(sheet_key: str, today: dt.date) -> pa.DataFrameSchema:
    """The schema of one sheet (`identitas` or a table key); `today` bounds future dates."""
    sheet = IDENTITAS if sheet_key == IDENTITAS.key else next(s for s in TABLES if s.key == sheet_key)
    t = pd.Timestamp(today)
    columns = {c.key: pa.Column(None, nullable=not c.required, required=True,
                                checks=_element_checks(c, sheet, t)) for c in sheet.columns}
    return pa.DataFrameSchema(columns, checks=_frame_checks(sheet), name=sheet.name, coerce=False)


def dtype_of(col: Column) -> str:
    """How the reader should build this column of a frame."""
    if col.kind == DATE:
        return "datetime"
    if col.kind in (RP, INT):
        return "float"
    return "object"
