"""A sheet of photos, as volunteers add one (pictures of an activity, a caption or two), put into
a workbook's package by hand: openpyxl cannot write pictures without Pillow, which the tests do
not need otherwise."""
from __future__ import annotations

import re
import struct
import zlib

from tests.helpers.hostile_build import member, rewrite

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_CT = "application/vnd.openxmlformats-officedocument"


def png(width: int = 4, height: int = 3) -> bytes:
    """A small grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def with_photo_sheet(data: bytes, name: str, captions: list[str]) -> bytes:
    """The workbook with one more sheet: captions in column A and a picture beside them."""
    names = re.findall(r"xl/worksheets/sheet(\d+)\.xml", " ".join(_names(data)))
    n = max(map(int, names)) + 1
    rows = "".join(f'<row r="{k}">{_cell(f"A{k}", text)}</row>' for k, text in enumerate(captions, start=1))
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}" xmlns:r="{_R}">'
             f'<sheetData>{rows}</sheetData><drawing r:id="rId1"/></worksheet>')
    drawing = (f'<?xml version="1.0" encoding="UTF-8"?><xdr:wsDr xmlns:xdr="{_XDR}" xmlns:a="{_A}" xmlns:r="{_R}">'
               '<xdr:oneCellAnchor><xdr:from><xdr:col>2</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>'
               '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="2000000" cy="1500000"/><xdr:pic><xdr:nvPicPr>'
               '<xdr:cNvPr id="2" name="Foto 1"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill>'
               '<a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr>'
               '<a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="1500000"/></a:xfrm>'
               '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/>'
               '</xdr:oneCellAnchor></xdr:wsDr>')
    rels = lambda rid, kind, target: (  # noqa: E731
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        f'2006/relationships"><Relationship Id="{rid}" Type="{_R}/{kind}" Target="{target}"/></Relationships>')
    workbook = member(data, "xl/workbook.xml").decode()
    workbook = workbook.replace("</sheets>", f'<sheet name="{name}" sheetId="{n + 100}" r:id="rIdFoto"/></sheets>')
    wb_rels = member(data, "xl/_rels/workbook.xml.rels").decode().replace(
        "</Relationships>", f'<Relationship Id="rIdFoto" Type="{_R}/worksheet" '
                            f'Target="/xl/worksheets/sheet{n}.xml"/></Relationships>')
    ct = member(data, "[Content_Types].xml").decode().replace(
        "</Types>", f'<Default Extension="png" ContentType="image/png"/>'
                    f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_CT}.spreadsheetml.worksheet+xml"/>'
                    f'<Override PartName="/xl/drawings/drawing{n}.xml" ContentType="{_CT}.drawing+xml"/></Types>')
    return rewrite(data, {"xl/workbook.xml": workbook.encode(), "xl/_rels/workbook.xml.rels": wb_rels.encode(),
                          "[Content_Types].xml": ct.encode()},
                   add={f"xl/worksheets/sheet{n}.xml": sheet.encode(),
                        f"xl/worksheets/_rels/sheet{n}.xml.rels": rels("rId1", "drawing",
                                                                        f"../drawings/drawing{n}.xml").encode(),
                        f"xl/drawings/drawing{n}.xml": drawing.encode(),
                        f"xl/drawings/_rels/drawing{n}.xml.rels": rels("rId1", "image", f"../media/foto{n}.png").encode(),
                        f"xl/media/foto{n}.png": png()})


def _names(data: bytes) -> list[str]:
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.namelist()
