"""One upload through a WKSBM's link (STANDARD 7): store it, check it in an isolated worker,
add the archive's rules, make the correction copy, record it. The web routes only call this.

The archive's rules: `wksbm-mismatch` (the Identitas names another WKSBM), `submission-late`
(received after the quarter's deadline; still counted) and `period-invalid` for a quarter that
has not begun. The same bytes sent again by the same WKSBM are not stored or checked again:
the earlier upload is the answer.
"""
from __future__ import annotations

import datetime as dt
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from compiler.archive import inflight
from compiler.archive.db import WIB, Archive, Wksbm, stamp, utc_now
from compiler.archive.store import digest
from compiler.correction.copies import copy_name
from compiler.intake.registry import unprefixed, wksbm_key
from compiler.model import findings as F
from compiler.model import period
from compiler.outputs.findings_list import COLUMNS, rows_of

_locks: dict = {}
_locks_guard = threading.Lock()


@dataclass
class Received:
    upload: dict          # the archive's row (findings as section 4 rows)
    again: bool = False   # the same bytes were sent before: this is the earlier upload


def shown_name(name: str) -> str:
    """The file's name as the volunteer knows it, without any folder or control character."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[:150] or "laporan.xlsx"


def receive(archive: Archive, checker, wksbm: Wksbm, data: bytes, name: str, sender: str = "tautan",
            sender_kind: str = "link", now: dt.datetime | None = None) -> Received:
    """Take one workbook for `wksbm`; returns its upload (new, or the earlier one of the same bytes)."""
    sha = digest(data)
    with _lock(wksbm.id, sha), inflight.receiving(archive):   # a compile waits for it (issue 21)
        earlier = archive.same_bytes(wksbm.id, sha)
        if earlier is not None:
            return Received(earlier, again=True)
        archive.files.put(data)
        received = now or utc_now()
        shown = shown_name(name)
        today = received.astimezone(WIB).date()
        result, cells, sheet = checker.check(str(archive.files.path(sha)), shown, today)
        findings = list(result.findings) + archive_findings(archive, wksbm, result, cells, sheet, received)
        findings.sort(key=F.Finding.sort_key)
        result.findings = findings
        copy_sha = _copy(archive, checker, sha, findings)
        ident = result.identity or {}
        tahun, triwulan = _quarter(ident)
        errors = sum(f.is_error for f in findings)
        codes = {f.code for f in findings}
        begun = tahun is not None and not _future(tahun, triwulan, today)
        upload_id = archive.add_upload(
            wksbm_id=wksbm.id, received_at=stamp(received), original_name=shown, tahun=tahun, triwulan=triwulan,
            sender_kind=sender_kind, sender=sender, sha256=sha, size=len(data),
            status="perlu_perbaikan" if errors else "dihitung",
            eligible=int(begun and "wksbm-mismatch" not in codes), errors=errors, warnings=len(findings) - errors,
            findings=[dict(zip(COLUMNS, row)) for row in rows_of([result])], copy_sha256=copy_sha)
        return Received(archive.upload(upload_id, wksbm.id))


def archive_findings(archive: Archive, wksbm: Wksbm, result, cells: dict, sheet: str,
                     received: dt.datetime) -> list:
    """The rules only the archive knows: whose link, which deadline, which day it is."""
    out = []
    file, ident = result.file, result.identity or {}
    said = {f.code for f in result.findings}
    key = wksbm_key(ident.get("kalurahan"), ident.get("padukuhan"))
    if key is not None and key != wksbm.key:
        out.append(F.make("wksbm-mismatch", file, padukuhan=unprefixed(ident.get("padukuhan")),
                          kalurahan=ident.get("kalurahan"), milik=unprefixed(wksbm.padukuhan),
                          kalurahan_milik=wksbm.kalurahan))
    tahun, triwulan = _quarter(ident)
    if tahun is None or "period-invalid" in said:
        return out
    today = received.astimezone(WIB).date()
    if _future(tahun, triwulan, today):
        start = period.bounds(tahun, triwulan)[0]
        now_t, now_tw = archive.collected(today)
        row = (cells.get("triwulan") or (None,))[0]
        out.append(F.make("period-invalid", file, sheet or "Identitas", col=1 if row else None, row=row,
                          column="Triwulan", value=f"{triwulan} {tahun}",
                          saran=f"Triwulan {triwulan} tahun {tahun} baru dimulai {start:%d/%m/%Y}, jadi belum dapat "
                                f"dilaporkan. Isi Tahun dan Triwulan laporan ini; yang sedang dikumpulkan adalah "
                                f"triwulan {now_tw} tahun {now_t}."))
        return out
    tenggat = archive.deadline(tahun, triwulan)
    local = received.astimezone(WIB)
    if local.date() > tenggat:
        out.append(F.make("submission-late", file, diterima=f"{local:%d/%m/%Y %H:%M} WIB",
                          tenggat=f"{tenggat:%d/%m/%Y}"))
    return out


def _quarter(ident: dict) -> tuple[int | None, str | None]:
    tahun, triwulan = ident.get("tahun"), ident.get("triwulan")
    try:
        year = int(tahun)
        quarter = period.TRIWULAN[period.number(triwulan) - 1]
    except (TypeError, ValueError, OverflowError):
        return None, None
    return (year, quarter) if 1900 <= year <= 9999 else (None, None)


def _future(tahun: int, triwulan: str, today: dt.date) -> bool:
    return period.bounds(tahun, triwulan)[0] > today


def _copy(archive: Archive, checker, sha: str, findings: list) -> str | None:
    """The correction copy, made in a worker and stored like any file; None when no finding
    points into the workbook or none could be made."""
    if not any(f.sheet for f in findings):
        return None
    with tempfile.TemporaryDirectory(dir=archive.files.tmp) as tmp:
        out = Path(tmp) / "perbaikan.xlsx"
        if not checker.copy(str(archive.files.path(sha)), findings, out):
            return None
        return archive.files.put(out.read_bytes())


def copy_download_name(upload: dict) -> str:
    return copy_name(upload["original_name"])


def _lock(wksbm_id: int, sha: str) -> threading.Lock:
    """One upload of the same bytes for the same WKSBM at a time: the second sees the first."""
    with _locks_guard:
        if len(_locks) > 10_000:
            _locks.clear()
        return _locks.setdefault((wksbm_id, sha), threading.Lock())
