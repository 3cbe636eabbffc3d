"""What a scan of one worksheet part found: the record the cell checks fill in."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SheetScan:
    """What one worksheet part holds, as the package needs it for its verdict."""
    part: str
    n_tags: int = 0            # all <c> elements
    n_values: int = 0          # <c> elements holding content
    last_row: int = 0
    last_col: int = 0
    error_refs: list = field(default_factory=list)     # (ref, cached error text)
    s_max: int = -1            # largest shared-string index used
    s_max_ref: str = ""
    bad_s_ref: str | None = None     # a negative / non-integer shared-string index
    bad_num_ref: str | None = None   # a non-finite / malformed number
    bad_ref: str | None = None       # a malformed / out-of-grid reference ("baris N" for a row)
    slow_tags: int = 0
    # (start, end): bytes of sheetData after the row of the last content cell, holding only
    # styled empty rows and cells; a reader may be given the part without them.
    tail: tuple[int, int] | None = None
    merges: tuple = ()         # (first row, column number, last row) of cells merged down a column
