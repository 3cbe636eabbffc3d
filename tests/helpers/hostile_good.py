"""Well-formed but unusual workbooks the screen must pass (and report correctly).

Each builder returns the file's bytes; `hostile_corpus.CASES` lists them with code None.
"""
from __future__ import annotations

import io
import re

import openpyxl

from tests.helpers.hostile_build import MAIN_NS, SHEET1, base_workbook, member, rewrite, set_sheet_xml, single_sheet

def formula_error() -> bytes:
    """openpyxl writes =1/0 with no cached value; give it the cached error Excel stores."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "=1/0"
    wb.active["B1"] = 5
    buf = io.BytesIO()
    wb.save(buf)
    return set_sheet_xml(buf.getvalue(), SHEET1, lambda s: re.sub(
        r'<c r="A1"[^>]*>.*?</c>', '<c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c>', s, flags=re.S))


def date1904_openpyxl() -> bytes:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    wb.active["A1"] = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def date1904_true() -> bytes:
    return set_sheet_xml(base_workbook(), "xl/workbook.xml",
                         lambda s: re.sub(r"<workbookPr\s*/>", '<workbookPr date1904="true"/>', s))


def template_content_type() -> bytes:
    ct = member(base_workbook(), "[Content_Types].xml").replace(
        b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml")
    return rewrite(base_workbook(), {"[Content_Types].xml": ct})


def prefixed_sheet() -> bytes:
    """Every element with an 'x:' prefix (as the OpenXML SDK writes), one error cell."""
    return rewrite(single_sheet(""), {SHEET1: (
        f'<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c>'
        '<x:c r="B1" t="e"><x:v>#REF!</x:v></x:c></x:row></x:sheetData></x:worksheet>').encode()})


def no_refs_sheet() -> bytes:
    """Rows and cells without r attributes (allowed by the standard): positions are inferred."""
    return single_sheet('<row><c><v>1</v></c><c t="e"><v>#N/A</v></c></row><row/><row><c/><c><v>3</v></c></row>')


def rich_inline_text() -> bytes:
    return single_sheet('<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><color rgb="FFFF0000"/><b/></rPr>'
                        '<t>merah</t></r><r><t> biasa</t></r></is></c><c r="B1"><v>2</v></c></row>')
