"""Give sample workbooks the shape of a filled `wksbm template`, for the benchmark only.

Volunteers fill the Dinas template, and Excel keeps what the template carries: every table
sheet formatted 200 rows down (styled empty cells), `No` pre-numbered 50 rows down, dropdown
lists, the Petunjuk sheet and the hidden Daftar Pilihan sheet. That makes a workbook several
times heavier to read than the bare samples. This copies each sample's own cells unchanged
(mistakes included) and adds those parts, written as Excel writes them.
"""
from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook

from compiler.sample.xlsx import column_letters
from compiler.template.workbook import NUMBERED_ROWS, VALIDATED_ROWS, write_template
from compiler.correction.patch import CT_WORKSHEET, WORKSHEET
from schemas.standard import LISTS_SHEET, NO_LABEL, PETUNJUK, TABLES, norm

_TABLE_NAMES = {t.name for t in TABLES}
_VALIDATIONS = re.compile(rb"<dataValidations.*?</dataValidations>", re.S)
_STYLE = re.compile(rb' s="\d+"')


def template_parts() -> dict[str, bytes]:
    """Sheet name -> the template's worksheet XML."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "templat.xlsx"
        write_template(path)
        z = zipfile.ZipFile(path)
        book = CalamineWorkbook.from_path(str(path))
        return {name: z.read(f"xl/worksheets/sheet{i}.xml") for i, name in enumerate(book.sheet_names, 1)}


def _padding(rows: list[list], width: int) -> bytes:
    """Rows below the last one, as Excel saves a template's formatted, pre-numbered rows."""
    header = next((r for r, line in enumerate(rows) if line and norm(line[0]) == norm(NO_LABEL)), None)
    if header is None:
        return b""
    out = []
    for k in range(len(rows) + 1, header + 1 + VALIDATED_ROWS + 1):
        n = k - header - 1
        first = (f'<c r="A{k}" s="0"><v>{n}</v></c>' if n <= NUMBERED_ROWS else f'<c r="A{k}" s="0"/>')
        rest = "".join(f'<c r="{column_letters(c)}{k}" s="4"/>' for c in range(2, width + 1))
        out.append(f'<row r="{k}">{first}{rest}</row>')
    return "".join(out).encode()


def shape(src: bytes, parts: dict[str, bytes]) -> bytes:
    """A sample workbook's bytes, shaped like a filled template."""
    zin = zipfile.ZipFile(io.BytesIO(src))
    book = CalamineWorkbook.from_filelike(io.BytesIO(src))
    names = book.sheet_names
    members = {i.filename: zin.read(i) for i in zin.infolist()}
    for i, name in enumerate(names, 1):
        if name not in _TABLE_NAMES:
            continue
        part = f"xl/worksheets/sheet{i}.xml"
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        x = members[part]
        x = x.replace(b"</sheetData>", _padding(rows, max(map(len, rows), default=1)) + b"</sheetData>", 1)
        found = _VALIDATIONS.search(parts[name])
        if found:
            x = x.replace(b"<pageMargins", found.group(0) + b"<pageMargins", 1)
        members[part] = x
    extra = [(n, state) for n, state in ((PETUNJUK, ""), (LISTS_SHEET, ' state="hidden"')) if n not in names]
    for k, (name, state) in enumerate(extra, len(names) + 1):
        members[f"xl/worksheets/sheet{k}.xml"] = _STYLE.sub(b"", parts[name])
        members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
            b"</sheets>", f'<sheet name="{name}" sheetId="{k}"{state} r:id="rIdx{k}"/></sheets>'.encode())
        members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>", f'<Relationship Id="rIdx{k}" Type="{WORKSHEET}" Target="worksheets/sheet{k}.xml"/>'
            "</Relationships>".encode())
        members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
            b"</Types>", f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="{CT_WORKSHEET}"/>'
            "</Types>".encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            z.writestr(info, members.pop(info.filename))
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def shape_folder(src: Path, dst: Path) -> None:
    """Every .xlsx of `src` shaped into `dst`; other files copied as they are."""
    parts = template_parts()
    dst.mkdir(parents=True, exist_ok=True)
    for path in sorted(src.iterdir()):
        data = path.read_bytes()
        (dst / path.name).write_bytes(shape(data, parts) if path.suffix == ".xlsx" else data)
