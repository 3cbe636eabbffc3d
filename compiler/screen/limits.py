"""The caps every screen_* module checks against, the verdict codes, and the rejection.

One place for the numbers, so that the zip, XML and worksheet checks cannot disagree;
`compiler.screen.gate` re-exports them for callers and tests.
"""
from __future__ import annotations

UNREADABLE = "file-unreadable"
UNSAFE = "file-unsafe"

MAX_FILE_BYTES = 50 * 2**20          # the file itself
MAX_MEMBERS = 1_000                  # zip members
MAX_CENTRAL_DIR_BYTES = 2 * 2**20    # size of the zip central directory (bounds zipfile's work)
MAX_MEMBER_BYTES = 64 * 2**20        # declared and real uncompressed size of one member
MAX_TOTAL_BYTES = 200 * 2**20        # declared uncompressed size of all members
MAX_RATIO = 200                      # uncompressed / compressed, for members over RATIO_MIN_BYTES
RATIO_MIN_BYTES = 2**20
MAX_SHEETS = 300                     # <sheet> entries in workbook.xml
MAX_CELLS = 2_000_000                # all <c> elements of all sheets, styled-empty ones included
MAX_VALUE_CELLS = 250_000            # cells holding content, all sheets
MAX_SHEET_ROWS = 200_000             # last row holding a value, per sheet
MAX_SHEET_COLS = 16_384              # last column holding a value, per sheet (Excel's grid)
MAX_SHEET_AREA = 2_000_000           # last value row x last value column, per sheet
MAX_TOTAL_AREA = 5_000_000           # the same summed over all sheets
MAX_SLOW_PATH_TAGS = 100_000         # <row>/<c> tags scanned one by one (non-canonical sheets)
MAX_STYLES_BYTES = 5 * 2**20         # styles.xml inflated size
MAX_STYLE_XFS = 50_000               # <xf> elements in styles.xml
MAX_STYLE_ELEMENTS = 300_000         # all elements in styles.xml (fonts, fills, borders, ...)
MAX_PARSED_XML_BYTES = 4 * 2**20     # [Content_Types].xml, workbook.xml and its rels (parsed whole)
MAX_SST_BYTES = 32 * 2**20           # sharedStrings.xml inflated size
MAX_SHARED_STRINGS = 500_000         # <si> present, and the declared uniqueCount
SST_DECLARED_SLACK = 100_000         # declared uniqueCount may exceed the <si> present by this
GRID_ROWS = 1_048_576
GRID_COLS = 16_384


class Reject(Exception):
    """Raised by any check: the first problem found decides the verdict."""

    def __init__(self, code: str, sebab: str):
        super().__init__(sebab)
        self.code = code
        self.sebab = sebab


def unsafe(sebab: str) -> Reject:
    return Reject(UNSAFE, sebab)


def unreadable(sebab: str) -> Reject:
    return Reject(UNREADABLE, sebab)
