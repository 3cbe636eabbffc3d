"""What a written sheet needs to print on A4: wrapped lines, row heights, the page's room.

Excel and LibreOffice do not grow a row to fit wrapped text that a program wrote (LibreOffice
only when it recalculates, Excel never for a row it did not edit), so every writer sets each
row's height itself from the lines its longest cell wraps into. Widths are in characters of
the default font (Excel draws one 7 pixels wide), heights in points.
"""
from __future__ import annotations

import math
import textwrap

LINE_PT = 15.0          # one line of 11 pt text, in Excel (15) and LibreOffice (~14.3) alike
CHAR_PT = 7 * 0.75      # one character of width, in points
# a column `width` characters wide holds about this many characters of running text a line (a
# width counts the widest digit; letters of Calibri/Carlito are narrower), kept on the safe side
TEXT_PER_WIDTH = 1.1
A4_LANDSCAPE_PT = (841.9, 595.3)
A4_PORTRAIT_PT = A4_LANDSCAPE_PT[::-1]


def lines(text, width: float) -> int:
    """How many lines `text` wraps into in a column `width` characters wide (words kept whole
    where they fit, as both programs do; a longer word is broken)."""
    text = "" if text is None else str(text)
    room = max(1, int(width * TEXT_PER_WIDTH) - 1)
    return sum(max(1, len(textwrap.wrap(part, room, break_long_words=True, break_on_hyphens=False)))
               for part in text.split("\n")) if text else 1


def height(cells, most: int = 12) -> float:
    """A row's height holding every (text, width) of `cells` whole, at most `most` lines."""
    return LINE_PT * min(most, max([lines(t, w) for t, w in cells] + [1]))


def scale(widths, margins_in: float = 0.8, landscape: bool = True) -> float:
    """The scale fit-to-width gives a sheet of these column widths (characters) on A4."""
    page = (A4_LANDSCAPE_PT if landscape else A4_PORTRAIT_PT)[0] - 72 * margins_in
    return min(1.0, page / max(1.0, CHAR_PT * sum(widths)))


def landscape(widths, least: float = 0.65) -> bool:
    """Whether a sheet of these widths prints on fewer pages across (landscape) than upright:
    upright only where its scale there stays readable (at least `least`) and a page of it
    then holds more rows (a narrow, long sheet)."""
    upright = scale(widths, landscape=False)
    if upright < least:
        return True
    return page_room(scale(widths)) >= page_room(upright, landscape=False)


def page_room(scale_: float, margins_in: float = 1.1, landscape: bool = True) -> float:
    """The height (points of the sheet, before scaling) that one printed page holds."""
    page = (A4_LANDSCAPE_PT if landscape else A4_PORTRAIT_PT)[1] - 72 * margins_in
    return math.floor(page / scale_)
