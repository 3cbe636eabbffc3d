"""The zip container: its directory checked before anything is inflated, then capped inflation.

zipfile trusts what an archive says about itself; a bomb or a forged entry is refused here
from the end record, the central directory and the local headers, and each member is then
inflated by hand so that it can never grow far beyond its (capped) declared size: a member a
little longer or shorter than declared whose CRC is right is whole, only its size was written
wrong (read, and handed to the reader in the screen's package); with a bad CRC it is damaged;
one swelling far beyond (`_slack`, `_BEYOND` for the whole archive) is a bomb.
"""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from operator import itemgetter

from compiler.screen import messages as msg
from compiler.screen.limits import (MAX_CENTRAL_DIR_BYTES, MAX_MEMBER_BYTES, MAX_MEMBERS, MAX_RATIO,
                                    MAX_SHEETS, MAX_SST_BYTES, MAX_STYLES_BYTES, MAX_TOTAL_BYTES,
                                    RATIO_MIN_BYTES, Reject, unreadable, unsafe)
from compiler.screen.messages import (MSG_BOMB, MSG_CORRUPT, MSG_ENCRYPTED, MSG_METHOD, MSG_NAME_ENCODING,
                                      MSG_XML_ENCODING, MSG_ZIP_STRUCTURE)
from compiler.screen.xml import check_declared_encoding, check_dtd, utf16_to_utf8, xml_head

_IN_CHUNK = 256 * 1024               # compressed bytes fed to zlib at a time
_OUT_CHUNK = 1024 * 1024             # inflated bytes produced at a time
_BEYOND = 16 * _OUT_CHUNK            # bytes a whole archive may inflate beyond its declared sizes
# A member name that is absolute, has a drive, a '..' component or a control character.
_BAD_NAME_RE = re.compile(r"^[/\\]|^[A-Za-z]:|(?:^|[/\\])\.\.(?:[/\\]|$)|[\x00-\x1f\x7f]")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_METHOD = struct.Struct("<H")           # in a local header, at offset 8
_NAME_EXTRA = struct.Struct("<HH")      # name and extra-field lengths, at offset 26


class Archive:
    """A zip whose structure has been checked; members are read one at a time with caps."""

    def __init__(self, data: bytes):
        _check_end_record(data)
        self.infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
        _check_members(self.infos)
        self.starts = _check_local_headers(data, self.infos)   # name -> offset of its data
        self.byname = {i.filename: i for i in self.infos}
        self.view = memoryview(data)
        self.bang = False                # the last XML member read holds a "<!" (comment, CDATA)
        self.transcoded: set[str] = set()   # UTF-16 parts read as UTF-8: the reader must get them so
        self.resized: set[str] = set()      # whole members whose declared size is wrong: likewise
        self.beyond = _BEYOND                # bytes all members may inflate beyond their declared sizes

    def _compressed(self, info: zipfile.ZipInfo) -> memoryview:
        start = self.starts[info.filename]
        return self.view[start:start + info.compress_size]

    def head(self, info: zipfile.ZipInfo, cap: int) -> bytes:
        """At most the first `cap` inflated bytes of a member (no checks; it is read again)."""
        out = b""
        try:
            for chunk in _inflate(info, self._compressed(info)):
                out += chunk[:cap + 1 - len(out)]
                if len(out) > cap:
                    break
        except (Reject, zlib.error):
            return b""
        return out

    def read(self, info: zipfile.ZipInfo) -> bytearray | None:
        """Inflate one member with a hard cap, verify size and CRC, scan XML as it arrives.

        A member is XML when its name says so (.xml/.rels/.vml) or its content starts with
        '<'. XML members are held (at most their declared size, itself capped) and returned;
        binary members are streamed in chunks, dropped, and give None."""
        if info.file_size < _OUT_CHUNK and info.compress_size <= _IN_CHUNK:
            return self._read_small(info)
        return self._read_stream(info)

    def _read_stream(self, info: zipfile.ZipInfo) -> bytearray | None:
        limit = info.file_size
        named_xml = info.filename.lower().endswith(_XML_SUFFIXES)
        xml = None                       # decided on the first bytes
        kind = ""
        self.bang = False
        buf = bytearray()
        extra = bytearray()              # what inflates beyond the declared size, within `_slack`
        view = None
        crc = 0
        total = 0
        for chunk in _inflate(info, self._compressed(info)):
            n = len(chunk)
            if total + n > limit:        # beyond its declared size: a little, in a whole archive, or a bomb
                self.beyond -= min(n, total + n - limit)
                if total + n > limit + _slack(limit) or self.beyond < 0:
                    raise unsafe(MSG_BOMB)
            crc = zlib.crc32(chunk, crc)
            if xml is None:
                kind = xml_head(chunk[:64], named_xml)
                if kind == "bad-encoding":
                    raise unsafe(MSG_XML_ENCODING)
                xml = named_xml or kind in ("xml", "utf-16")
                if xml:                  # the declared size is the cap: allocate it once
                    buf = bytearray(limit)
                    view = memoryview(buf)
            if xml:
                room = min(n, max(0, limit - total))
                view[total:total + room] = chunk[:room]
                if room < n:             # beyond the declared size (scanned once whole, below)
                    extra += chunk[room:]
                elif kind != "utf-16":   # scanned once transcoded
                    self.bang = check_dtd(buf, total, total + n) or self.bang
            total += n
        if view is not None:
            view.release()
        if crc != info.CRC:
            raise unreadable(MSG_CORRUPT)
        if total != limit:               # whole (its CRC says so): only the declared size is wrong
            self.resized.add(info.filename)
            if xml:
                buf = buf[:total] + extra
                if kind != "utf-16":
                    self.bang = check_dtd(buf, 0, len(buf))
        if not xml:
            return None
        if kind == "utf-16":
            return bytearray(self._transcoded(info, buf))
        check_declared_encoding(buf)
        return buf

    def _read_small(self, info: zipfile.ZipInfo) -> bytes | None:
        """`read` for a member whose data fit one input and one output chunk (most parts of a
        normal workbook): one inflate call, with the same cap, checks and order as the loop."""
        limit = info.file_size
        comp = self._compressed(info)
        if info.compress_type == zipfile.ZIP_STORED:
            out, eof = bytes(comp), True
        else:
            d = zlib.decompressobj(-15)
            out = d.decompress(comp, _OUT_CHUNK)
            eof = d.eof
        if len(out) > limit:             # a bomb, or a damaged member: the stream tells (`_slack`)
            return self._read_stream(info)
        xml = self.bang = False
        kind = ""
        if out:
            named_xml = info.filename.lower().endswith(_XML_SUFFIXES)
            kind = xml_head(out[:64], named_xml)
            if kind == "bad-encoding":
                raise unsafe(MSG_XML_ENCODING)
            xml = named_xml or kind in ("xml", "utf-16")
            if xml and kind != "utf-16":
                self.bang = check_dtd(out, 0, len(out))
        if not eof or zlib.crc32(out) != info.CRC:
            raise unreadable(MSG_CORRUPT)
        if len(out) != limit:            # whole (its CRC says so): only the declared size is wrong
            self.resized.add(info.filename)
        if not xml:
            return None
        if kind == "utf-16":
            return self._transcoded(info, out)
        check_declared_encoding(out)
        return out

    def _transcoded(self, info: zipfile.ZipInfo, raw) -> bytes:
        """A UTF-16 part (with its BOM) as UTF-8, scanned as every part is."""
        out = utf16_to_utf8(raw)
        self.bang = check_dtd(out, 0, len(out))
        check_declared_encoding(out)
        self.transcoded.add(info.filename)
        return out


def _slack(limit: int) -> int:
    """How far beyond its declared size a member may inflate and still be a member whose size was
    written wrong (read, if its CRC is right) or a damaged one (a bad CRC: "rusak"), rather than
    a bomb, which swells many times over."""
    return limit + _OUT_CHUNK


def _inflate(info: zipfile.ZipInfo, comp: memoryview):
    """Yield the inflated bytes in chunks of at most _OUT_CHUNK (never more at once)."""
    if info.compress_type == zipfile.ZIP_STORED:
        for k in range(0, len(comp), _OUT_CHUNK):
            yield bytes(comp[k:k + _OUT_CHUNK])
        return
    d = zlib.decompressobj(-15)
    pos = 0
    n = len(comp)
    while not d.eof:
        if d.unconsumed_tail:
            inp = d.unconsumed_tail
        elif pos < n:
            inp = comp[pos:pos + _IN_CHUNK]
            pos += _IN_CHUNK
        else:
            inp = b""
        out = d.decompress(inp, _OUT_CHUNK)
        if out:
            yield out
        elif not inp:
            break                    # input exhausted, no pending output: truncated stream
    if not d.eof:
        raise unreadable(MSG_CORRUPT)


def _check_end_record(data: bytes) -> None:
    """Count and central-directory size from the end record, before zipfile parses it."""
    k = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if k < 0 or len(data) < k + 22:
        raise unreadable(MSG_CORRUPT)
    _, _, _, _, total, cd_size, _, _ = struct.unpack("<4s4H2LH", data[k:k + 22])
    if k >= 20 and data[k - 20:k - 16] == b"PK\x06\x07":
        off = struct.unpack("<Q", data[k - 12:k - 4])[0]
        if off + 56 <= len(data) and data[off:off + 4] == b"PK\x06\x06":
            total, cd_size = struct.unpack("<QQ", data[off + 32:off + 48])
    if total > 10 * MAX_MEMBERS:     # far too many: do not even let zipfile list them
        raise unsafe(msg.too_many_members(total))
    if cd_size > MAX_CENTRAL_DIR_BYTES:
        raise unsafe(msg.central_dir_too_big(cd_size))


def _check_members(infos: list[zipfile.ZipInfo]) -> None:
    """Names, methods, encryption and declared sizes, from the central directory alone."""
    if len(infos) > MAX_MEMBERS:
        n_ws = sum(1 for i in infos if "/worksheets/" in i.filename.lower())
        raise unsafe(msg.too_many_sheets(n_ws) if n_ws > MAX_SHEETS else msg.too_many_members(len(infos)))
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        raw = info.orig_filename
        if _BAD_NAME_RE.search(raw):
            raise unsafe(msg.bad_member_name(raw))
        if not info.flag_bits & 0x800 and not raw.isascii():
            raise unreadable(MSG_NAME_ENCODING)
        key = name.replace("\\", "/").casefold()
        if key in seen:
            raise unsafe(msg.duplicate_member(name))
        seen.add(key)
        if info.flag_bits & 0x1:
            raise unreadable(MSG_ENCRYPTED)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise unsafe(MSG_METHOD)
        low = name.lower()
        if low == "xl/styles.xml" and info.file_size > MAX_STYLES_BYTES:
            raise unsafe(msg.styles_too_big(info.file_size))
        if low == "xl/sharedstrings.xml" and info.file_size > MAX_SST_BYTES:
            raise unsafe(msg.sst_too_big(info.file_size))
        if info.file_size > MAX_MEMBER_BYTES:
            raise unsafe(MSG_BOMB)
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise unsafe(MSG_ZIP_STRUCTURE)
        if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise unsafe(MSG_BOMB)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise unsafe(MSG_BOMB)


def _check_local_headers(data: bytes, infos: list[zipfile.ZipInfo]) -> dict[str, int]:
    """Local headers agree with the central directory; member data do not overlap. Returns
    each member's data offset."""
    starts = {}
    spans = []
    for info in infos:
        off = info.header_offset
        if off < 0 or off + 30 > len(data) or data[off:off + 4] != b"PK\x03\x04":
            raise unreadable(MSG_CORRUPT)
        method, = _METHOD.unpack_from(data, off + 8)
        nlen, elen = _NAME_EXTRA.unpack_from(data, off + 26)
        raw_name = data[off + 30:off + 30 + nlen]
        enc = "utf-8" if info.flag_bits & 0x800 else "cp437"
        try:
            want = info.orig_filename.encode(enc)
        except UnicodeEncodeError:
            want = None
        if method != info.compress_type or raw_name != want:
            raise unsafe(MSG_ZIP_STRUCTURE)
        start = off + 30 + nlen + elen
        end = start + info.compress_size
        if end > len(data):
            raise unreadable(MSG_CORRUPT)
        spans.append((off, end, info))
        starts[info.filename] = start
    spans.sort(key=itemgetter(0))
    for (_, end, _), (nxt, _, _) in zip(spans, spans[1:]):
        if end > nxt:
            raise unsafe(MSG_ZIP_STRUCTURE)
    return starts
