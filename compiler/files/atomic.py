"""Write output files atomically and reproducibly.

A temporary file beside the target, then a rename: a reader (or a crash) never sees half a
file. Workbooks are saved with fixed zip times and document dates, so the same inputs give
the same bytes. Names taken from inputs never escape `--out`.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)
FIXED_TIME = dt.datetime(2019, 1, 1)
_UMASK = os.umask(0o022)   # read (the only way is to set it) and put back at once, at import
os.umask(_UMASK)


def usual_mode(path: Path, directory: bool = False) -> None:
    """The permissions a plain open() or mkdir() would give: tempfile makes files 0600 and
    folders 0700, which would keep the recaps from colleagues reading a shared folder."""
    os.chmod(path, (0o777 if directory else 0o666) & ~_UMASK)


def write_with(path: Path, write) -> Path:
    """Call write(tmp_path), then move the finished file into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        usual_mode(Path(tmp))
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    return write_with(path, lambda tmp: tmp.write_bytes(data))


class _FixedZip(zipfile.ZipFile):
    """A zip whose members all carry one fixed date, whatever the clock says."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, FIXED_TIME.timetuple()[:6])
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as fh:
            self.writestr(arcname or os.path.basename(filename), fh.read())


def workbook_bytes(wb, when: dt.datetime | None = None) -> bytes:
    """Save an openpyxl workbook to bytes, reproducibly: fixed member times and document dates."""
    from openpyxl.writer.excel import ExcelWriter

    when = when or FIXED_TIME
    wb.properties.created = wb.properties.modified = when
    buf = io.BytesIO()
    with _FixedZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    return buf.getvalue()


def save_workbook(wb, path: Path, when: dt.datetime | None = None) -> Path:
    return write_bytes(path, workbook_bytes(wb, when))


def safe_name(name: str, limit: int = 120) -> str:
    """A file name made only of letters, digits, '.', '-', '_' and spaces, never '..' or empty."""
    name = name.replace("/", "__").replace("\\", "__")
    name = _UNSAFE.sub("_", name).strip(" .")
    return (name or "berkas")[:limit]
