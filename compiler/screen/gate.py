"""Screen the raw bytes of an uploaded workbook before any parser sees them.

python-calamine aborts the whole process (SIGABRT, not an exception) on some hostile
inputs, and openpyxl / pandas can spend minutes and gigabytes on others, so every file
goes through `screen()` first; only bytes whose Verdict has ``code is None`` may be handed
to a parser (`screen_path` returns the bytes only then).

What is checked, in order (the first problem found decides the verdict):

1. The bytes are sniffed, never the extension (`screen_sniff`): empty, zip, OLE/CFB
   (encrypted OOXML or legacy .xls/.doc), PDF, HTML, XML Spreadsheet 2003, CSV / other
   text, images, archives.
2. The zip end record and central directory before anything is inflated (`screen_zip`):
   member count, central-directory size, names (duplicates also case-insensitively, ``..``,
   absolute / drive / backslash-absolute paths, control characters, non-ASCII names stored
   without the UTF-8 flag), compression method (stored / deflate only), zip-level
   encryption, declared sizes and compression ratio, local headers agreeing with the
   central directory, member data not overlapping.
3. The package type (`screen_parts`): ODF, macros (``vbaProject.bin``, macro sheets, a
   macro-enabled or VBA content type), Word / PowerPoint main parts, a spreadsheet main part,
   found as the OOXML packaging rules find it: through ``_rels/.rels`` (an absolute, relative or
   ``./`` target), typed by an ``Override`` or by the ``Default`` of its extension.
4. Every member is inflated by hand with a hard cap, its declared size, itself capped
   (`screen_zip`): a member inflating beyond it is a bomb, a bad CRC or deflate stream is
   corruption. XML members (named .xml/.rels/.vml, or content starting with '<') are
   scanned as they inflate for ``<!DOCTYPE`` / ``<!ENTITY`` in any case (`screen_xml`),
   and must be UTF-8 (with or without a byte-order mark), an ASCII-compatible single-byte
   encoding, or UTF-16 with a byte-order mark, which is transcoded to UTF-8 and then scanned the
   same way. A member inflating a little beyond its declared size, or with a bad CRC, is damaged
   ("rusak"); one swelling far beyond it is a bomb.
5. Structure, read from the data and never from a declared ``<dimension>`` or count
   (`screen_package`, `screen_sheet`, `screen_cells`): workbook.xml and its rels give sheet
   names, the sheet count and the 1904 flag; every part holding ``sheetData`` is scanned as
   a worksheet whatever its name (prefixes stripped, as calamine matches local names);
   styles and shared strings are checked in the parts calamine or openpyxl would read, and
   in any part with that root element. The true last content row of each sheet is returned
   in ``Verdict.last_rows`` so that a reader may stop there.

A safe verdict may also carry `Verdict.package`: the screened XML parts as a stored zip, each
canonical worksheet cut after the row of its last content cell; UTF-16 parts in UTF-8, an absurd
shared-strings count set to the true count, and the main part's target as calamine resolves it
(then the package is always built: the file itself never reaches a reader). A reader parses that instead
of the file: nothing is inflated twice, and the formatted-but-empty rows a template carries
below the data (most of a filled template's bytes) cost it nothing. It is built only when it
leaves out enough to pay for building it; otherwise the reader reads the file.

Decisions: only a declared count that is wrong (a shared-strings ``count="8876876876876"``
holding 8 strings) is corrected in the package, not refused; a shared-string index out of range, negative or not an integer, and a
non-finite or malformed number in a numeric cell (``NaN``, ``INF``, ``1e999``) make the
file ``file-unreadable`` ("Berkas rusak: ..."). A zip member name stored as UTF-8 without
the UTF-8 flag is ``file-unreadable``: readers disagree on such names (openpyxl then
silently sees no sheet) and Excel writes ASCII names. Case-insensitive duplicate member
names are ``file-unsafe`` (OPC part names are case-insensitive, so two readers could pick
different parts). Error cells (``t="e"``) are reported with their cached text in
``Verdict.error_values``.

Nothing here touches the network or the file system (except `screen_path` reading the
given file); no entity is ever resolved.
"""
from __future__ import annotations

import os
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Mapping
from xml.parsers.expat import ExpatError

from compiler.screen import messages as msg
from compiler.screen.limits import (GRID_COLS, GRID_ROWS, MAX_CELLS, MAX_CENTRAL_DIR_BYTES, MAX_FILE_BYTES,
                                    MAX_MEMBER_BYTES, MAX_MEMBERS, MAX_PARSED_XML_BYTES, MAX_RATIO,
                                    MAX_SHARED_STRINGS, MAX_SHEET_AREA, MAX_SHEET_COLS, MAX_SHEET_ROWS,
                                    MAX_SHEETS, MAX_SLOW_PATH_TAGS, MAX_SST_BYTES, MAX_STYLE_ELEMENTS,
                                    MAX_STYLE_XFS, MAX_STYLES_BYTES, MAX_TOTAL_AREA, MAX_TOTAL_BYTES,
                                    MAX_VALUE_CELLS, RATIO_MIN_BYTES, SST_DECLARED_SLACK, UNREADABLE, UNSAFE,
                                    Reject)
from compiler.screen.package import Package
from compiler.screen.sniff import sniff_other

__all__ = ["Verdict", "screen", "screen_path", "UNREADABLE", "UNSAFE",
           # the limits, re-exported from screen_limits
           "GRID_COLS", "GRID_ROWS", "MAX_CELLS", "MAX_CENTRAL_DIR_BYTES", "MAX_FILE_BYTES", "MAX_MEMBER_BYTES",
           "MAX_MEMBERS", "MAX_PARSED_XML_BYTES", "MAX_RATIO", "MAX_SHARED_STRINGS", "MAX_SHEET_AREA",
           "MAX_SHEET_COLS", "MAX_SHEET_ROWS", "MAX_SHEETS", "MAX_SLOW_PATH_TAGS", "MAX_SST_BYTES",
           "MAX_STYLE_ELEMENTS", "MAX_STYLE_XFS", "MAX_STYLES_BYTES", "MAX_TOTAL_AREA", "MAX_TOTAL_BYTES",
           "MAX_VALUE_CELLS", "RATIO_MIN_BYTES", "SST_DECLARED_SLACK"]


@dataclass(frozen=True)
class Verdict:
    code: str | None        # None = safe to parse; else "file-unreadable" or "file-unsafe"
    sebab: str = ""         # reason in Bahasa Indonesia
    error_cells: frozenset[tuple[str, str]] = frozenset()   # (sheet name, "D7") with t="e"
    date1904: bool = False
    # sheet name -> last row holding a value (0 = none); a reader may stop reading there.
    last_rows: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)
    # (sheet name, "D7") -> the cached error text ("#DIV/0!", "#REF!" ...; "" if none), for
    # each member of error_cells: calamine itself returns these cells as empty strings.
    error_values: Mapping[tuple[str, str], str] = field(default_factory=dict, compare=False, hash=False)
    # What a reader should parse instead of the file's bytes (`Package.reader_package`): the
    # screened XML parts, stored, each worksheet without its formatted-but-empty tail rows;
    # None when that would leave out too little (the reader then reads the file).
    package: bytes | None = field(default=None, compare=False, hash=False, repr=False)
    # sheet name -> (first row, column number, last row) of each range merged down a column
    merges: Mapping[str, tuple] = field(default_factory=dict, compare=False, hash=False)

    @property
    def ok(self) -> bool:
        return self.code is None


def screen(data: bytes) -> Verdict:
    """Decide whether `data` may be handed to a spreadsheet parser. Never raises for bad input."""
    if not isinstance(data, bytes):
        data = bytes(data)
    if not data:
        return Verdict(UNREADABLE, msg.MSG_EMPTY)
    if len(data) > MAX_FILE_BYTES:
        return Verdict(UNSAFE, msg.file_too_big(len(data)))
    try:
        if not data.startswith(b"PK"):
            raise sniff_other(data)
        pkg = Package(data)
        error_values, date1904, last_rows = pkg.run()
        package = pkg.reader_package()
    except Reject as r:
        return Verdict(r.code, r.sebab)
    except (zipfile.BadZipFile, zlib.error, struct.error, EOFError, ValueError, KeyError,
            IndexError, NotImplementedError, UnicodeError, OSError, ExpatError):
        return Verdict(UNREADABLE, msg.MSG_CORRUPT)
    except RecursionError:
        return Verdict(UNSAFE, msg.MSG_ZIP_STRUCTURE)
    except Exception:                    # whatever else goes wrong, a file never passes by accident
        return Verdict(UNREADABLE, msg.MSG_CORRUPT)
    return Verdict(None, "", frozenset(error_values), date1904, last_rows, error_values, package, pkg.merges)


def screen_path(path: str | bytes | os.PathLike) -> tuple[bytes | None, Verdict]:
    """Read a file with a size cap and screen it.

    Returns (bytes, verdict): the bytes only when the verdict is safe (code None), so that
    what is returned may go straight to a parser; otherwise None.
    """
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return None, Verdict(UNSAFE, msg.file_too_big(size))
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        return None, Verdict(UNREADABLE, msg.cannot_open(e))
    except ValueError:                   # e.g. a NUL byte in the name
        return None, Verdict(UNREADABLE, msg.MSG_BAD_FILE_NAME)
    if len(data) > MAX_FILE_BYTES:
        return None, Verdict(UNSAFE, msg.file_too_big(len(data)))
    verdict = screen(data)
    if verdict.code is None and os.fsdecode(path).lower().endswith(".xlsm"):
        verdict = Verdict(UNSAFE, msg.MSG_MACRO_NAME)   # STANDARD 2: .xlsm is file-unsafe by its name
    return (data if verdict.code is None else None), verdict
