"""The quarter's rules: which report of each WKSBM counts, and what only a whole quarter shows.

Compile rules (STANDARD 2): `period-mismatch` (left out), `submission-superseded` (the newest
by Tanggal Laporan, then file time, is kept), `wksbm-unregistered` (counted),
`nik-multiple-wksbm` (a warning at each occurrence). Nothing is lost: every input file ends
up counted or listed with its reason.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter, defaultdict
from pathlib import Path

from compiler.model import findings as F
from compiler.model.results import FileResult
from compiler.intake.registry import Entry, file_slug, unprefixed, wksbm_key
from compiler.read.values import closest, mask_nik, without_region_word
from schemas.reference import KALURAHAN_KODE, KAPANEWON_OF, WILAYAH
from schemas.standard import norm

LEFT_OUT = ("period-mismatch", "submission-superseded")
_KALURAHAN_BY_KEY = {norm(r["kalurahan"]): r["kalurahan"] for r in WILAYAH}


class NothingToCompile(ValueError):
    """The folder holds no report of the quarter asked for; the message is for the operator."""


def some_of_this_quarter(results: list[FileResult], input_dir: Path, tahun: int, triwulan: str,
                          final: Path) -> None:
    """A slip in --tahun, --triwulan or the folder must not replace a quarter's recap with an
    empty one: stop when every report whose period can be read is of another quarter, or when
    no report's period can be read and the quarter already has a recap."""
    dated = [r for r in results if r.identity.get("tahun") is not None and r.identity.get("triwulan") is not None]
    if not dated and final.exists():
        raise NothingToCompile(
            f"tidak ada satu pun laporan WKSBM yang dapat dibaca di {input_dir}, jadi rekap di {final} tidak "
            "diganti. Periksa folder laporannya; untuk melihat kesalahan tiap berkas, jalankan wksbm validate.")
    if dated and all(any(f.code == "period-mismatch" for f in r.findings) for r in dated):
        raise NothingToCompile(
            f"tidak ada satu pun laporan triwulan {triwulan} {tahun} di {input_dir}: di sana ada "
            f"{periods_said(dated)}. Periksa --tahun, --triwulan dan folder laporannya. Rekap yang sudah ada "
            "tidak diubah.")


def periods_said(results: list[FileResult]) -> str:
    """'40 laporan triwulan III 2026 dan 1 laporan triwulan II 2026': the quarters reports are of."""
    seen = Counter(f"triwulan {r.identity['triwulan']} {int(r.identity['tahun'])}" for r in results)
    return F.listed([f"{n} laporan {p}" for p, n in sorted(seen.items())], 3)


def _add(res: FileResult, code: str, **fields) -> None:
    res.findings.append(F.make(code, res.file, **fields))


def _period_mismatch(res: FileResult, tahun: int, triwulan: str) -> bool:
    t, w = res.identity.get("tahun"), res.identity.get("triwulan")
    if t is None or w is None or (int(t), w) == (tahun, triwulan):
        return False
    _add(res, "period-mismatch", lapor=w, tahun_lapor=int(t), triwulan=triwulan, tahun=tahun)
    return True


def _latest_file(res: FileResult):
    return (res.mtime, res.file)


def _newest(members: list[FileResult]) -> FileResult:
    """STANDARD 2: the later Tanggal Laporan, then the later file time. A report without a
    right Tanggal Laporan (a correction sent without it) wins only by being a newer file than
    the newest dated one."""
    dated = [m for m in members if isinstance(m.identity.get("tanggal_laporan"), dt.date)]
    best = max(dated, key=_newest_first) if dated else None
    later = [m for m in members if m not in dated and (best is None or _latest_file(m) > _latest_file(best))]
    return max(later, key=_latest_file) if later else best


def _newest_first(res: FileResult):
    day = res.identity.get("tanggal_laporan")
    day = day if isinstance(day, dt.date) else dt.date.min
    return (day, res.mtime, res.file)


def apply_rules(results: list[FileResult], tahun: int, triwulan: str,
                registry: list[Entry] | None) -> dict:
    """Add the compile findings in place; returns the kept workbook per WKSBM key."""
    entries = {e.key: e for e in registry or []}
    places = _places(results, entries)
    groups: dict = defaultdict(list)
    for res in results:
        res.wksbm = report_key(res, places)
        if not _period_mismatch(res, tahun, triwulan):
            groups[res.wksbm].append(res)
    for res in list(groups.get(None, ())):   # never in place of a report that was read
        if (key := _named_after(res, entries)) is not None and key not in groups:
            res.wksbm, groups[key] = key, [res]
            groups[None].remove(res)
    kept = {}
    for key, members in groups.items():
        if key is None:  # unidentifiable: all kept, each must be corrected anyway
            continue
        new = _newest(members)
        kept[key] = new
        for old in members:   # replaced: nothing in it is to be corrected any more
            if old is not new:
                old.findings = [F.make("submission-superseded", old.file, pengganti=new.file)]
    registered = {e.key for e in registry} if registry is not None else None
    live = [r for k, ms in groups.items() for r in (ms if k is None else [kept[k]])]
    for res in live:
        key = res.wksbm
        if registered is not None and key is not None and key not in registered and not _region_wrong(res):
            _add(res, "wksbm-unregistered", padukuhan=unprefixed(res.identity.get("padukuhan")),
                 kalurahan=res.identity.get("kalurahan"),
                 dihitung=("Laporannya dihitung setelah kesalahannya diperbaiki" if res.has_errors
                           else "Laporannya tetap dihitung"))
    _nik_multiple(live)
    for res in results:
        res.findings.sort(key=F.Finding.sort_key)
    return kept


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _named_after(res: FileResult, entries: dict):
    """The registered WKSBM a report that names none (unreadable, or without Kalurahan and
    Padukuhan) is, by its file's name as `wksbm template --registry` and `wksbm sample` give it
    (wksbm_<kode kalurahan>_<padukuhan>...): so the WKSBM to chase is not also "not reported"."""
    if res.identity.get("kalurahan") or res.identity.get("padukuhan"):
        return None
    name = _plain(Path(res.file).stem)
    found = [k for k, e in entries.items()
             if name.startswith(p := "wksbm" + _plain(e.kode_kalurahan) + _plain(file_slug(e.padukuhan)))
             and (len(name) == len(p) or name[len(p)].isdigit())]
    return found[0] if len(found) == 1 else None


def _region_wrong(res: FileResult) -> bool:
    """Region already in error (wrong, or not filled in): the registry check would only repeat
    that mistake, and the report may still be placed by its padukuhan (`report_key`)."""
    return any(f.code in ("region-unknown", "region-mismatch")
               or f.code == "identity-missing" and f.column in ("Kapanewon", "Kalurahan") for f in res.findings)


def _nik_multiple(live: list[FileResult]) -> None:
    owners: dict = defaultdict(set)
    for res in live:
        for nik, *_ in res.niks:
            owners[nik].add(res.file)
    named = {res.file: _named(res) for res in live}
    for res in live:
        for nik, sheet, col, row in res.niks:
            others = sorted(owners[nik] - {res.file})
            if others:
                res.findings.append(F.make("nik-multiple-wksbm", res.file, sheet, col=col, row=row, column="NIK",
                                           value=mask_nik(nik), lain=F.listed([named[o] for o in others], 3)))


def _named(res: FileResult) -> str:
    """A WKSBM as its volunteers know it, then the file the operator has: the message is read by both."""
    pad, kal = (str(res.identity.get(k) or "").strip() for k in ("padukuhan", "kalurahan"))
    where = f"Padukuhan {pad}" + (f", Kalurahan {kal}" if kal else "") if pad else ""
    return f"WKSBM {where} (berkas {res.file})" if where else f"berkas {res.file}"


def _places(results: list[FileResult], entries: dict) -> dict:
    """WKSBM key -> (kapanewon, kalurahan, Nama WKSBM, registered) of every registered WKSBM and
    of every report whose region is right: what a report with a wrong region may be matched with."""
    places = {k: (e.kapanewon, e.kalurahan, e.nama_wksbm, True) for k, e in entries.items()}
    for res in results:
        kal = res.identity.get("kalurahan")
        key = wksbm_key(kal, res.identity.get("padukuhan"))
        if key is not None and key not in places and kal in KAPANEWON_OF and not _region_wrong(res):
            places[key] = (KAPANEWON_OF[kal], kal, res.identity.get("nama_wksbm"), False)
    return places


_GENERIC = frozenset({"wksbm", "padukuhan", "pedukuhan", "dusun", "dsn", "dukuh"})


def _may_be(name, other, padukuhan: str, registered: bool) -> bool:
    """Whether two Nama WKSBM may name one body (padukuhan names repeat across kalurahan), by
    their own words: not "WKSBM" nor the padukuhan's name, each near one of the other's
    ("Sejahtra" for "Sejahtera"). A name without such words ("WKSBM Depok") may be the
    registered body's short name, but is not enough to take another report's place."""
    a, b = (set(re.findall(r"\w+", norm(str(n or "")))) - _GENERIC - set(re.findall(r"\w+", padukuhan))
            for n in (name, other))
    if not a or not b:
        return registered or not (a or b)
    small, big = sorted((a, b), key=len)
    return all(difflib.get_close_matches(w, big, n=1, cutoff=0.8) for w in small)


def report_key(res: FileResult, places: dict):
    """The WKSBM a report is of: its (Kalurahan, Padukuhan), or, when its region is in error,
    the one WKSBM (registered, or reporting with a right region) of that padukuhan in the
    kapanewon or the kalurahan it gives, with a name that may be its own (`_may_be`), so that
    it is neither also a WKSBM that has not reported nor kept beside its own resubmission."""
    key = wksbm_key(res.identity.get("kalurahan"), res.identity.get("padukuhan"))
    if key in places or not _region_wrong(res):
        return key
    pad = wksbm_key("-", res.identity.get("padukuhan"))
    where = {norm(str(res.identity.get(k) or "")) for k in ("kapanewon", "kalurahan")} - {""}
    # a misspelt kalurahan ("Tirtomulya") names the one it meant: only that one may match
    typed = next((f.value for f in res.findings if f.code == "region-unknown" and f.column == "Kalurahan"), "")
    meant = closest(without_region_word(typed), KALURAHAN_KODE) if typed else None
    found = [k for k, (kap, kal, nama, registered) in places.items() if pad and k[1] == pad[1]
             and (kal == meant if meant else norm(kap) in where or norm(kal) in where)
             and _may_be(res.identity.get("nama_wksbm"), nama, pad[1], registered)]
    return found[0] if len(found) == 1 else key


def region_of(res: FileResult) -> dict:
    """kode_kalurahan, kapanewon, kalurahan of the WKSBM a report is of, as far as known."""
    ident, key = res.identity, res.wksbm
    kal = ident.get("kalurahan") if ident.get("kalurahan") in KALURAHAN_KODE else None
    region = {"kode_kalurahan": KALURAHAN_KODE.get(kal) if kal else None,
              "kapanewon": KAPANEWON_OF[kal] if kal else (ident.get("kapanewon") or None), "kalurahan": kal or ""}
    if key is not None and key[0] != norm(ident.get("kalurahan") or ""):
        kal = _KALURAHAN_BY_KEY[key[0]]   # the WKSBM it surely is (`report_key`, `_named_after`)
        region = {"kode_kalurahan": KALURAHAN_KODE[kal], "kapanewon": KAPANEWON_OF[kal], "kalurahan": kal}
    return region


def status_rows(results, kept: dict, registry: list[Entry] | None) -> list[dict]:
    """One row per WKSBM known this quarter: registered or reporting, with its status."""
    rows = []
    entries = {e.key: e for e in registry or []}
    for res in results:
        key = res.wksbm
        codes = {f.code for f in res.findings}
        if codes & set(LEFT_OUT) or (key is not None and kept.get(key) is not res):
            continue
        ident, entry = res.identity, entries.get(key)
        rows.append({
            **region_of(res), "padukuhan": str(ident.get("padukuhan") or (entry.padukuhan if entry else "")),
            "nama_wksbm": ((entry.nama_wksbm if entry else "") or str(ident.get("nama_wksbm") or "")
                           or f"(berkas {res.file})"),   # an unreadable report: the file to chase
            "status": "perlu_perbaikan" if res.has_errors else "melapor", "berkas": res.file,
            "jumlah_error": sum(f.is_error for f in res.findings), "terdaftar": entry is not None})
    for key, e in entries.items():
        if key not in kept:
            rows.append({"kode_kalurahan": e.kode_kalurahan, "kapanewon": e.kapanewon, "kalurahan": e.kalurahan,
                         "padukuhan": e.padukuhan, "nama_wksbm": e.nama_wksbm or f"WKSBM {e.padukuhan}",
                         "status": "belum_melapor",
                         "berkas": "", "jumlah_error": 0, "terdaftar": True})
    return sorted(rows, key=lambda r: (r["kode_kalurahan"] or "~", r["padukuhan"].casefold(), r["berkas"]))


