"""Hostile cases in the zip container: bombs, forged or duplicate entries, bad names, encryption.

Each builder returns the file's bytes; `hostile_corpus.CASES` says what the screen must answer.
"""
from __future__ import annotations

import functools
import io
import zipfile
import zlib

from tests.helpers.hostile_build import SHEET1, RawEntry, base_workbook, deflated, raw_entries_of, raw_zip, rewrite

GIB = 2**30


@functools.lru_cache(maxsize=None)
def _zero_stream(size: int) -> tuple[bytes, int]:
    """A raw deflate stream of `size` zero bytes (size a multiple of 1 MiB) and its CRC,
    built without ever holding the inflated bytes: after Z_FULL_FLUSH the compressor
    forgets its history, so each later 1 MiB block compresses to the same bytes."""
    mib = bytes(2**20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.flush()
    n = size // 2**20
    crc = 0
    for _ in range(n):
        crc = zlib.crc32(mib, crc)
    return first + block * (n - 1) + end, crc


def zip_bomb() -> bytes:
    """A workbook whose sheet1.xml is 1.1 GB of zeros deflated to about 1 MB."""
    size = GIB + GIB // 10 // 2**20 * 2**20
    stream, crc = _zero_stream(size)
    entries = [e for e in raw_entries_of(base_workbook()) if e.name != SHEET1.encode()]
    entries.append(RawEntry(SHEET1.encode(), stream, 8, crc, size))
    return raw_zip(entries)


def zip_bomb_forged_sizes() -> bytes:
    """sheet1.xml declares 2,000 bytes but inflates to 256 MB of '<row/>' (sizes patched in
    both the central directory and the local header)."""
    unit = b"<row/>" * 1000
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = c.compress(unit * 100) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(unit * 100) + c.flush(zlib.Z_FULL_FLUSH)
    reps = 256 * 2**20 // len(unit * 100)
    stream = chunk + block * (reps - 1) + c.flush()
    entries = [e for e in raw_entries_of(base_workbook()) if e.name != SHEET1.encode()]
    entries.append(RawEntry(SHEET1.encode(), stream, 8, 0x12345678, 2000))
    return raw_zip(entries)


def zip_bomb_small_ratio_lie() -> bytes:
    """A member declaring 40 MB that really is 40 MB of zeros: caught by the ratio cap."""
    stream, crc = _zero_stream(40 * 2**20)
    return raw_zip(raw_entries_of(base_workbook()) + [RawEntry(b"xl/media/image1.png", stream, 8, crc, 40 * 2**20)])


def bzip2_member() -> bytes:
    data = base_workbook()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            kind = zipfile.ZIP_BZIP2 if name == SHEET1 else zipfile.ZIP_DEFLATED
            zout.writestr(name, zin.read(name), compress_type=kind)
    return out.getvalue()


def duplicate_member() -> bytes:
    entries = raw_entries_of(base_workbook())
    sheet = next(e for e in entries if e.name == SHEET1.encode())
    return raw_zip(entries + [RawEntry(sheet.name, sheet.payload, 8, sheet.crc, sheet.usize)])


def duplicate_member_case() -> bytes:
    entries = raw_entries_of(base_workbook())
    sheet = next(e for e in entries if e.name == SHEET1.encode())
    return raw_zip(entries + [RawEntry(SHEET1.upper().encode(), sheet.payload, 8, sheet.crc, sheet.usize)])


def _extra_member(name: bytes) -> bytes:
    payload = b"<x/>"
    return raw_zip(raw_entries_of(base_workbook()) + [RawEntry(name, payload, 0, zlib.crc32(payload), 4)])


def path_traversal() -> bytes:
    return _extra_member(b"xl/../../evil.xml")


def absolute_path() -> bytes:
    return _extra_member(b"/etc/cron.d/evil")


def drive_path() -> bytes:
    return _extra_member(b"C:\\Windows\\evil.xml")


def utf8_name_without_flag() -> bytes:
    """The worksheet part stored under a UTF-8 name without the UTF-8 flag (zipfile then
    decodes it as cp437 and openpyxl silently sees no sheet)."""
    entries = raw_entries_of(base_workbook())
    name = "xl/worksheets/lémbar1.xml".encode("utf-8")
    for e in entries:
        if e.name == SHEET1.encode():
            e.name = name
        if e.name == b"xl/_rels/workbook.xml.rels":
            xml = zlib.decompress(e.payload, -15).replace(b"worksheets/sheet1.xml", "worksheets/lémbar1.xml".encode())
            e.payload, e.crc, e.usize = deflated(xml), zlib.crc32(xml), len(xml)
    return raw_zip(entries)


def local_header_mismatch() -> bytes:
    entries = raw_entries_of(base_workbook())
    for e in entries:
        if e.name == SHEET1.encode():
            e.local_name = b"xl/worksheets/sheetX.xml"
    return raw_zip(entries)


def zip_encrypted_entries() -> bytes:
    entries = raw_entries_of(base_workbook())
    for e in entries:
        e.flags |= 0x1
    return raw_zip(entries)


def too_many_members() -> bytes:
    return rewrite(base_workbook(), add={f"customXml/item{i}.xml": b"<a/>" for i in range(1200)},
                   compression=zipfile.ZIP_STORED)


def bad_crc() -> bytes:
    """A member whose CRC is wrong (in both headers): damaged, not a bomb."""
    entries = raw_entries_of(base_workbook())
    for e in entries:
        if e.name == SHEET1.encode():
            e.crc ^= 0xFFFF
    return raw_zip(entries)


def size_understated() -> bytes:
    """A member inflating to a few bytes more than it declares, its CRC that of what it declares
    (a damaged copy): "rusak", not "bom dekompresi"."""
    import zlib
    entries = raw_entries_of(base_workbook())
    for e in entries:
        if e.name == SHEET1.encode():
            e.usize -= 10
            e.crc ^= 0x1
    return raw_zip(entries)


def size_declared_wrong() -> bytes:
    """A sheet whose declared size is 10 bytes short, its CRC right: whole, only the size is wrong."""
    entries = raw_entries_of(base_workbook())
    for e in entries:
        if e.name == SHEET1.encode():
            e.usize -= 10
    return raw_zip(entries)


def size_declared_wrong_everywhere() -> bytes:
    """Every member a megabyte longer than it declares (CRCs right): beyond what a whole archive
    may be, a bomb."""
    import zlib as z
    pad = bytes(range(256)) * 4096          # 1 MiB, little compressible
    entries = []
    for k in range(20):
        data = b"<?xml version='1.0'?><!-- " + pad.hex().encode()[:2**20] + b" --><a/>"
        entries.append(RawEntry(f"customXml/item{k}.xml".encode(), deflated(data), 8, z.crc32(data), 100))
    return raw_zip(raw_entries_of(base_workbook()) + entries)
