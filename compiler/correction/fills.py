"""Which colours on a volunteer's cells are theirs, and which the template's answer colour.

A correction copy marks a cell by its fill; these tell the cells whose fill is the volunteer's
own (never replaced by ours) and whether a workbook shows the template's answer colour (only
then does a fixed Identitas answer get it back).
"""
from __future__ import annotations

import re

from schemas.standard import ANSWER_FILL, IDENTITAS

FILLS = {"error": "FFFF9999", "warning": "FFFFEB84"}
OURS = frozenset({rgb[-6:].upper() for rgb in FILLS.values()} | {ANSWER_FILL})


def own_fill(styles, xf: int, ours=OURS) -> bool:
    """Whether cell format xf has a fill that is neither none, nor ours, nor the template's."""
    xfs, fills = styles.items["cellXfs"], styles.items["fills"]
    if not 0 <= xf < len(xfs):
        return False
    found = re.search(r'\bfillId\s*=\s*["\'](\d+)["\']', xfs[xf].split(">", 1)[0])
    if found is None or int(found.group(1)) >= len(fills):
        return False
    pattern = re.search(r'patternType\s*=\s*["\'](\w+)["\']', fills[int(found.group(1))])
    if (pattern is None or pattern.group(1) in ("none", "gray125")) and "gradientFill" not in fills[int(found.group(1))]:
        return False
    rgb = styles.solid_rgb(xf)
    return not (rgb and rgb[-6:].upper() in ours)


def has_answer_fill(styles, xml: str) -> bool:
    """Whether the Identitas sheet shows the template's answer colour in column B: a workbook
    made from the template. Only then does a fixed answer get that colour back."""
    answer = {i for i in range(len(styles.items["cellXfs"])) if (styles.solid_rgb(i) or "")[-6:].upper() == ANSWER_FILL}
    if not answer:
        return False
    for tag in re.finditer(r"<c\s[^>]*>", xml):
        ref = re.search(r'\br\s*=\s*["\']B\d+["\']', tag.group(0))
        style = re.search(r'\bs\s*=\s*["\'](\d+)["\']', tag.group(0))
        if ref and style and int(style.group(1)) in answer:
            return True
    return False


def own_fill_openpyxl(cell) -> bool:
    fill = cell.fill
    if fill is None or fill.fill_type in (None, "none", "gray125"):
        return False
    return not (fill.fill_type == "solid" and str(fill.fgColor.rgb)[-6:].upper() in OURS)


def template_answers(wb) -> set[str]:
    """Titles of the sheets named Identitas whose column B shows the template's answer colour."""
    return {ws.title for ws in wb.worksheets if ws.title.strip().casefold() == IDENTITAS.name.casefold()
            and any(c.fill is not None and c.fill.fill_type == "solid"
                    and str(c.fill.fgColor.rgb)[-6:].upper() == ANSWER_FILL
                    for c in ws._cells.values() if c.column == 2)}
