"""What one input file produced, as the workers send it back: small and picklable."""
from __future__ import annotations

from dataclasses import dataclass, field

from compiler.model import findings as F
from schemas.standard import INT, RP, TABLES


@dataclass
class FileResult:
    """What one input file produced: small and picklable."""

    path: str                      # path on disk (str, may hold surrogate escapes)
    file: str                      # the name shown to people (berkas)
    findings: list = field(default_factory=list)
    identity: dict = field(default_factory=dict)  # kapanewon, kalurahan, padukuhan, nama_wksbm, ...
    figures: object = None                        # vector aligned with figures.FIGURE_KEYS, when asked for
    niks: list = field(default_factory=list)      # (nik, sheet, col, row) of Data PPKS, for compile
    mtime: float = 0.0
    wksbm: tuple | None = None   # the WKSBM it is of, once a compile has decided (`compile.report_key`)
    # For the compile rules across workbooks and quarters (compiler/quarter): the Saldo Kas Awal
    # as (sheet, Excel row, 0-based col, value), and, of a workbook without errors, every positive
    # amount or count as (sheet, (sheet key, column key), Excel row, 0-based col, value).
    saldo: tuple | None = None
    amounts: list = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return F.has_errors(self.findings)


IDENTITY_OUT = ("kapanewon", "kalurahan", "padukuhan", "nama_wksbm", "tahun", "triwulan",
                "tanggal_laporan")

# The amount and count columns of the table sheets (STANDARD 2, `value-outlier`: every rupiah and
# whole-number column; Saldo Kas Awal is added from Identitas, Tahun is not one).
AMOUNT_COLUMNS = {s.key: tuple(c.key for c in s.columns if c.kind in (RP, INT)) for s in TABLES
                  if any(c.kind in (RP, INT) for c in s.columns)}
