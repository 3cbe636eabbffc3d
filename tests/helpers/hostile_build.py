"""Tools the hostile corpus builds its cases with: base workbooks and zip surgery.

Real base workbooks are written by openpyxl and then changed member by member; archives
that zipfile refuses to write (duplicate or forged entries, a 1 GB bomb) are written byte
by byte by `raw_zip`.
"""
from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Callable

import openpyxl
import openpyxl.styles

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CT_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
REL_SST = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
SHEET1 = "xl/worksheets/sheet1.xml"


# ---------------------------------------------------------------------------------------
# Zip helpers
# ---------------------------------------------------------------------------------------
def rewrite(data: bytes, replace: dict[str, bytes | None] | None = None,
            add: dict[str, bytes] | None = None, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A copy of the zip `data` with members replaced (None deletes) and members added."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", compression) as zout:
        for name in zin.namelist():
            new = replace.get(name, zin.read(name))
            if new is not None:
                zout.writestr(name, new)
        for name, new in (add or {}).items():
            zout.writestr(name, new)
    return out.getvalue()


def member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


@dataclass
class RawEntry:
    name: bytes
    payload: bytes            # the bytes stored in the archive (already compressed)
    method: int               # 0 stored, 8 deflate, 12 bzip2 ...
    crc: int
    usize: int                # declared uncompressed size (central directory and local header)
    flags: int = 0
    local_name: bytes | None = None


def raw_zip(entries: list[RawEntry]) -> bytes:
    """A zip written byte by byte, so that it can say things zipfile would not write."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        offset = len(out)
        lname = e.name if e.local_name is None else e.local_name
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, e.flags, e.method, 0, 0x21,
                           e.crc, len(e.payload), e.usize, len(lname), 0)
        out += lname + e.payload
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, e.flags, e.method, 0, 0x21,
                               e.crc, len(e.payload), e.usize, len(e.name), 0, 0, 0, 0, 0, offset)
        central += e.name
    cd_offset = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                       len(central), cd_offset, 0)
    return bytes(out)


def deflated(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def raw_entries_of(data: bytes) -> list[RawEntry]:
    """The members of a real zip as RawEntry objects (deflated again), for raw_zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [RawEntry(i.filename.encode(), deflated(z.read(i)), 8, i.CRC, i.file_size)
                for i in z.infolist()]


# ---------------------------------------------------------------------------------------
# Base workbooks
# ---------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def base_workbook() -> bytes:
    """A small WKSBM-like workbook written by openpyxl: Identitas and Pemasukan."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Identitas"
    for i, (label, value) in enumerate([("Kapanewon", "Sewon"), ("Kalurahan", "Panggungharjo"),
                                         ("Padukuhan", "Glugo"), ("Tahun", 2026), ("Triwulan", "III")], 1):
        ws.cell(i, 1, label)
        ws.cell(i, 2, value)
    ws2 = wb.create_sheet("Pemasukan")
    ws2.append(["No", "Tanggal", "Sumber Dana", "Uraian", "Bentuk", "Jumlah (Rp)"])
    for cell in ws2[1]:
        cell.font = openpyxl.styles.Font(bold=True)      # so styles.xml has a cell format no. 1
    for n in range(1, 21):
        ws2.append([n, f"{n:02d}/08/2026", "Donatur", f"Sumbangan {n}", "Uang", 10000 * n])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def single_sheet(cells_xml: str) -> bytes:
    """A workbook of one sheet 'Sheet' whose sheetData is `cells_xml`."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    sheet = f'<worksheet xmlns="{MAIN_NS}"><sheetData>{cells_xml}</sheetData></worksheet>'
    return rewrite(buf.getvalue(), {SHEET1: sheet.encode()})


def with_shared_strings(data: bytes, sst_xml: bytes) -> bytes:
    """Add xl/sharedStrings.xml (and its content type and relationship) to a workbook."""
    ct = member(data, "[Content_Types].xml").replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT_SST}"/></Types>'.encode())
    rels = member(data, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        f'<Relationship Id="rIdSst" Type="{REL_SST}" Target="sharedStrings.xml"/></Relationships>'.encode())
    return rewrite(data, {"[Content_Types].xml": ct, "xl/_rels/workbook.xml.rels": rels},
                   add={"xl/sharedStrings.xml": sst_xml})


def sst(strings: list[str], unique_count: int | None = None, count: int | None = None) -> bytes:
    uc = len(strings) if unique_count is None else unique_count
    c = len(strings) if count is None else count
    body = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return f'<sst xmlns="{MAIN_NS}" count="{c}" uniqueCount="{uc}">{body}</sst>'.encode()


def sheet_with_shared(cells_xml: str, strings: list[str], **kw) -> bytes:
    return with_shared_strings(single_sheet(cells_xml), sst(strings, **kw))


def set_sheet_xml(data: bytes, name: str, fn: Callable[[str], str]) -> bytes:
    return rewrite(data, {name: fn(member(data, name).decode()).encode()})
