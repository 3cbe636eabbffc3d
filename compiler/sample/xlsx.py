"""A small SpreadsheetML writer for the sample workbooks: the few features they need,
written straight to XML. openpyxl needs ~80 ms a workbook here; this needs a few, and its
bytes depend on nothing but the content (fixed zip times and document properties).
"""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from compiler.model.findings import col_letter

ST_PLAIN, ST_TITLE, ST_HEADER, ST_DATE, ST_TEXT, ST_RP, ST_LABEL = range(7)
EXCEL_EPOCH = dt.datetime(1899, 12, 30)

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = _DECL + (
    f'<styleSheet {_NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="12"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" '
    'applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def column_letters(n: int) -> str:
    """1-based column number -> letters."""
    return col_letter(n - 1)


class Worksheet:
    def __init__(self, name: str, widths: list[float]):
        self.name, self.widths, self.rows = name, widths, []

    def append(self, cells=()):
        """cells: values or (value, style) pairs; None leaves the cell empty."""
        self.rows.append(list(cells))


class Workbook:
    def __init__(self):
        self.sheets: list[Worksheet] = []
        self.strings: dict[str, int] = {}

    def sheet(self, name: str, widths: list[float]) -> Worksheet:
        self.sheets.append(Worksheet(name, widths))
        return self.sheets[-1]

    def _cell(self, ref: str, value, style: int) -> str:
        s = f' s="{style}"' if style else ""
        if isinstance(value, str):
            idx = self.strings.setdefault(value, len(self.strings))
            return f'<c r="{ref}"{s} t="s"><v>{idx}</v></c>'
        if isinstance(value, dt.datetime):
            days = (value - EXCEL_EPOCH).days
            return f'<c r="{ref}" s="{style or ST_DATE}"><v>{days}</v></c>'
        return f'<c r="{ref}"{s}><v>{value}</v></c>'

    def _sheet_xml(self, sh: Worksheet) -> str:
        out, width = [], max([len(r) for r in sh.rows] + [1])
        for n, row in enumerate(sh.rows, start=1):
            cells = []
            for j, cell in enumerate(row, start=1):
                value, style = cell if isinstance(cell, tuple) else (cell, ST_PLAIN)
                if value is not None:
                    cells.append(self._cell(f"{column_letters(j)}{n}", value, style))
            if cells:
                out.append(f'<row r="{n}">{"".join(cells)}</row>')
        cols = "".join(f'<col min="{j}" max="{j}" width="{w}" customWidth="1"/>'
                       for j, w in enumerate(sh.widths, start=1))
        return (f'{_DECL}<worksheet {_NS}><dimension ref="A1:{column_letters(width)}{max(len(sh.rows), 1)}"/>'
                f'<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
                f'{"<cols>" + cols + "</cols>" if cols else ""}<sheetData>{"".join(out)}</sheetData>'
                f'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                f'</worksheet>')

    def save(self, path: Path, creator: str, created: dt.datetime, modified: dt.datetime, active: int = 0):
        parts = [(f"xl/worksheets/sheet{i}.xml", self._sheet_xml(sh)) for i, sh in enumerate(self.sheets, 1)]
        strings = "".join(
            f'<si><t xml:space="preserve">{_esc(s)}</t></si>' if s != s.strip() or "\n" in s else f"<si><t>{_esc(s)}</t></si>"
            for s in self.strings)
        n = len(self.sheets)
        sheets = "".join(f'<sheet name="{_esc(sh.name)}" sheetId="{i}" r:id="rId{i}"/>' for i, sh in enumerate(self.sheets, 1))
        rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, n + 1))
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
                            for i in range(1, n + 1))
        w3c = "%Y-%m-%dT%H:%M:%SZ"
        files = [
            ("[Content_Types].xml", f'{_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>{overrides}'
             f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
             f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
             '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
             '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
             '</Types>'),
            ("_rels/.rels", f'{_DECL}<Relationships xmlns="{_PKG_REL}">'
             f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
             f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
             f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/></Relationships>'),
            ("docProps/app.xml", f'{_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
             '<Application>Microsoft Excel</Application></Properties>'),
            ("docProps/core.xml", f'{_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
             'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
             f'<dc:creator>{_esc(creator)}</dc:creator><cp:lastModifiedBy>{_esc(creator)}</cp:lastModifiedBy>'
             f'<dcterms:created xsi:type="dcterms:W3CDTF">{created.strftime(w3c)}</dcterms:created>'
             f'<dcterms:modified xsi:type="dcterms:W3CDTF">{modified.strftime(w3c)}</dcterms:modified></cp:coreProperties>'),
            ("xl/workbook.xml", f'{_DECL}<workbook {_NS} xmlns:r="{_REL}"><workbookPr/>'
             f'<bookViews><workbookView activeTab="{active}"/></bookViews><sheets>{sheets}</sheets></workbook>'),
            ("xl/_rels/workbook.xml.rels", f'{_DECL}<Relationships xmlns="{_PKG_REL}">{rels}'
             f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
             f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
            ("xl/styles.xml", _STYLES),
            ("xl/sharedStrings.xml", f'{_DECL}<sst {_NS} count="{len(self.strings)}" uniqueCount="{len(self.strings)}">{strings}</sst>'),
        ] + parts
        when = modified.timetuple()[:6]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in files:
                info = zipfile.ZipInfo(name, date_time=when)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                archive.writestr(info, text.encode("utf-8"))

