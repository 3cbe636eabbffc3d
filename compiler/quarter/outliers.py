"""`value-outlier` (STANDARD 2): a figure that stands out from the whole quarter.

A Rp 150.000.000 row among thousands of Rp 150.000 rows is a slip (zeros typed twice) more often
than a miracle. Only a whole quarter shows it, so it is a compile rule, computed at once over
every counted workbook's amounts (pandas), from the small tuples the workers send back
(`FileResult.amounts`).
"""
from __future__ import annotations

from compiler.model import findings as F
from compiler.model.results import FileResult
from schemas.standard import IDENTITAS, RP, TABLE_BY_KEY

FACTOR = 20       # a value over 20 times the kabupaten median ...
MIN_VALUES = 50   # ... of at least 50 positive values of its column
# A count column (Jumlah Penerima, Inventaris Jumlah) whose median is 1 or 2 has no typical size:
# most of its rows are one person or one item, and every group activity of 25 people or 50
# chairs would stand out (1,099 warnings on 933 sample workbooks, on 650 workbooks otherwise
# clean). Such a column is judged only when its median is at least this (Jumlah Hadir is);
# rupiah columns always are. A reading of STANDARD 2, said in the closing note and the docs.
MIN_COUNT_MEDIAN = 5


def column_of(key: tuple[str, str]):
    """The declared column of (sheet key, column key); Identitas' Saldo Kas Awal included."""
    sheet, col = key
    return (IDENTITAS if sheet == "identitas" else TABLE_BY_KEY[sheet]).column(col)


def thousands(x: float) -> str:
    """1500000 -> '1.500.000' (the recaps' `angka`, for whole numbers)."""
    return f"{round(x):,}".replace(",", ".")


def shown(key: tuple[str, str], x: float) -> str:
    """A value as the message gives it: 'Rp 150.000' for rupiah, '150' for counts."""
    text = thousands(x) if float(x).is_integer() else f"{x:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"Rp {text}" if column_of(key).kind == RP else text


def value_outliers(counted: list[FileResult]) -> int:
    """Add `value-outlier` to the counted workbooks in place (each stays counted: a warning);
    returns how many were added. Columns with fewer than MIN_VALUES positive values have no
    reliable median and are left alone."""
    rows = [(i, *a) for i, res in enumerate(counted) for a in res.amounts]
    if len(rows) < MIN_VALUES:
        return 0
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["res", "sheet", "key", "row", "col", "value"])
    grouped = frame.groupby("key", sort=False)["value"]
    median, count = grouped.transform("median"), grouped.transform("size")
    rupiah = frame["key"].map({k: column_of(k).kind == RP for k in frame["key"].unique()})
    judged = (count >= MIN_VALUES) & (rupiah | (median >= MIN_COUNT_MEDIAN))
    hits = frame[judged & (frame["value"] > FACTOR * median)]
    for r, mid in zip(hits.itertuples(index=False), median[hits.index]):
        res, col = counted[r.res], column_of(r.key)
        res.findings.append(F.make("value-outlier", res.file, r.sheet, col=r.col, row=r.row, column=col.label,
                                   value=shown(r.key, r.value), kali=thousands(r.value / mid),
                                   tengah=shown(r.key, mid)))
    for i in set(hits["res"]):
        counted[i].findings.sort(key=F.Finding.sort_key)
    return len(hits)
