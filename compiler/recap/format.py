"""Numbers as the recaps print them, the same in the HTML and in Excel (widths follow the digits)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

COLORS = ("#2e7d32", "#f9a825", "#c62828", "#1565c0", "#ef6c00")


def angka(x: float | None) -> str:
    """Indonesian number: 1500000 -> 1.500.000, 2.5 -> 2,5; None -> '-'."""
    if x is None:
        return "-"
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    whole, _, frac = f"{_round(abs(x), 2):f}".partition(".")
    text = f"{int(whole):,}".replace(",", ".") + ("," + frac.rstrip("0") if frac.rstrip("0") else "")
    return ("-" if x < 0 else "") + text


def persen(x: float | None) -> str:
    return "-" if x is None else f"{_round(x * 100)}%"


def _round(x: float, places: int = 0) -> Decimal:
    """Half away from zero, as Excel rounds, so both outputs print the same digits."""
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
