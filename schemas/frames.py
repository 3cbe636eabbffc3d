"""pandera schemas of the standard, derived from `schemas.standard`.

Each schema validates the rows of many workbooks at once: a frame carries `_wb` (the
workbook), `_row` (the Excel row) and, for period rules, `_pstart`/`_pend` (the reported
quarter). Every check is declared with its `RuleCheck` (rule code, part of the rule, and the
column a row-wide check is about), found again by the name pandera reports: a failure maps
straight to a rule code and a cell, as data, not by taking its name apart. Values arrive already typed by the reader (dates as datetime64,
amounts as float, text and enumerations as text), so the schemas check meaning, not type.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import pandas as pd
import pandera.pandas as pa

from schemas.standard import DATE, ENUM, IDENTITAS, INT, NIK, RP, TABLES, Column, Sheet

MIN_DATE = pd.Timestamp("1900-01-01")
FIRST_YEAR = IDENTITAS.column("tahun").minimum
# Identitas fields whose failures have their own codes (STANDARD 2).
IDENTITY_CODES = {"kapanewon": "region-unknown", "kalurahan": "region-unknown",
                  "tahun": "period-invalid", "triwulan": "period-invalid"}


@dataclass(frozen=True)
class RuleCheck:
    """What a failed check means: its rule code, which part of the rule failed (for the reason
    given: `maximum`, `future`, `before-1900`, `tanggal_laporan` ...), and the column the finding
    is on, for a check over a whole row (a column's own check is on that column)."""

    code: str
    part: str = ""
    column: str = ""

    @property
    def name(self) -> str:
        return ":".join(x for x in (self.code, self.part, self.column) if x)


CHECKS: dict[str, RuleCheck] = {"not_nullable": RuleCheck("required-missing")}   # pandera's own


def _check(fn, code: str, part: str = "", column: str = "") -> pa.Check:
    rule = RuleCheck(code, part, column)
    CHECKS[rule.name] = rule
    return pa.Check(fn, name=rule.name)


def _element_checks(col: Column, sheet: Sheet, today: pd.Timestamp) -> list[pa.Check]:
    own = IDENTITY_CODES.get(col.key) if sheet is IDENTITAS else None
    checks = []
    if col.kind == ENUM:
        allowed = frozenset(col.allowed)
        checks.append(_check(lambda s, a=allowed: s.isin(a), own or "value-not-allowed"))
    if col.kind == NIK:
        checks.append(_check(lambda s: s.str.fullmatch(r"\d{16}"), "nik-format"))
    if col.kind in (RP, INT):
        if col.key == "tahun":
            last = today.year + 1
            checks.append(_check(lambda s, hi=last: s.between(FIRST_YEAR, hi), "period-invalid"))
        elif col.positive:
            checks.append(_check(lambda s: s > 0, "value-range"))
        elif col.minimum is not None:
            checks.append(_check(lambda s, lo=col.minimum: s >= lo, "value-range"))
        if col.maximum is not None:
            checks.append(_check(lambda s, hi=col.maximum: s <= hi, "value-range", "maximum"))
    if col.kind == DATE:
        checks.append(_check(lambda s: s >= MIN_DATE, "value-range", "before-1900"))
        if col.not_future:
            checks.append(_check(lambda s, t=today: s <= t, "value-range", "future"))
    return checks


def _frame_checks(sheet: Sheet) -> list[pa.Check]:
    """Rules that compare a column with another column of the same row."""
    checks = []
    for col in sheet.columns:
        k = col.key
        if col.period_bound:
            checks.append(_check(
                lambda df, k=k: df[k].isna() | df[k].between(df["_pstart"], df["_pend"]) | df["_pend"].isna(),
                "date-outside-period", column=k))
        if col.not_after_period:
            checks.append(_check(lambda df, k=k: ~(df[k] > df["_pend"]), "date-outside-period", column=k))
        if col.required_when:
            other, value = col.required_when
            checks.append(_check(lambda df, k=k, o=other, v=value: ~((df[o] == v) & df[k].isna()),
                                 "required-missing", column=k))
    if sheet is IDENTITAS:
        # a report is not made before its quarter starts (`_pstart`: from its own Tahun and Triwulan)
        early = lambda df: df["tanggal_laporan"] < df["_pstart"]   # noqa: E731
        checks.append(_check(lambda df: ~early(df), "value-range", "tanggal_laporan", "tanggal_laporan"))
        # the SK date is judged only against a Tanggal Laporan that is itself right
        checks.append(_check(lambda df: ~((df["tanggal_sk"] > df["tanggal_laporan"]) & ~early(df)
                                          & (df["tanggal_laporan"] >= MIN_DATE)),
                             "value-range", "tanggal_sk", "tanggal_sk"))
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
