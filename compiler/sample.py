"""`wksbm sample`: realistic sample workbooks of the standard, some with typical mistakes.

One call of `generate()` writes, into one folder:
- one `.xlsx` per reporting WKSBM (plus a `_revisi` file for each resubmission),
- `daftar_wksbm.csv`, the Dinas registry (STANDARD 6): every generated WKSBM and ~5% more
  registered WKSBM that do not report,
- `mistakes.csv`: every intended mistake with the finding it must produce.

`count` is the number of WKSBM that report (one workbook each; a resubmission adds a second
file for the same WKSBM). For 933 they are spread exactly as Bantul's 933 padukuhan
(reference/padukuhan_jumlah_bantul.csv); the registry then also lists ~5% more WKSBM, on
further padukuhan, that send nothing.

Determinism: everything comes from `random.Random` seeded with strings derived from
(seed, WKSBM index), so a worker process draws the same numbers as the parent would; the
xlsx zip entries, document properties and file times are fixed from the reported period,
so the same seed gives the same bytes.

Mistakes are "pure": each produces exactly its own finding and nothing downstream (for
example a NIK typed as a number is only put on a Data PPKS row that no Kegiatan refers to).
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import difflib
import os
import random
import re
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from compiler import sample_data as D
from compiler.sample_data import FRESH_SLOT, SERIALS, SLOTS, BookDrawer, stamp
from schemas import reference as ref
from schemas import standard as S

REGISTRY_NAME = "daftar_wksbm.csv"
MISTAKES_NAME = "mistakes.csv"
SILENT_SHARE = 0.05            # registered WKSBM that do not report

# Mistakes found by `validate` at a cell, and the two found by `compile` on a whole file.
CELL_KINDS = ("date-as-text", "number-as-text", "nik-as-number", "date-outside-period",
              "required-missing", "value-not-allowed", "ref-ppks-missing", "region-mismatch")
LAST_QUARTER, SUPERSEDED = "period-mismatch", "submission-superseded"
# Pairs that cannot share a workbook: with a Data PPKS NIK unreadable, a recipient missing
# from Data PPKS cannot be told apart, so the validator rightly stays silent about it.
CONFLICTS = {"nik-as-number": {"ref-ppks-missing"}, "ref-ppks-missing": {"nik-as-number"}}

T = S.TABLE_BY_KEY


@dataclass(frozen=True)
class Mistake:
    """One intended mistake and the finding it must produce (cell "" = file level)."""

    file: str
    sheet: str
    cell: str
    code: str
    severity: str

    def sort_key(self):
        m = re.match(r"([A-Z]*)(\d*)", self.cell)
        return (self.file, self.sheet, int(m[2] or 0), len(m[1]), m[1], self.code)


@dataclass
class SampleResult:
    out_dir: Path
    files: list[Path]               # in generation order
    registry: Path
    mistakes: list[Mistake]         # sorted
    mistakes_csv: Path
    wksbm: list[dict] = field(default_factory=list)    # registry rows, with "melapor"

    @property
    def clean_files(self) -> list[Path]:
        bad = {m.file for m in self.mistakes}
        return [p for p in self.files if p.name not in bad]


# --- periods ---------------------------------------------------------------------------
def quarter_number(triwulan) -> int:
    text = str(triwulan).strip().upper()
    if text in S.TRIWULAN:
        return S.TRIWULAN.index(text) + 1
    if text in ("1", "2", "3", "4"):
        return int(text)
    raise ValueError(f"Triwulan tidak sah: {triwulan!r} (pakai I, II, III atau IV)")


def previous_quarter(tahun: int, q: int) -> tuple[int, int]:
    return (tahun - 1, 4) if q == 1 else (tahun, q - 1)


# --- where the WKSBM are -------------------------------------------------------------------
def _apportion(n: int, weights: list) -> list[int]:
    """Largest-remainder split of n over weights (ties go to the earlier entry)."""
    total = sum(weights)
    if n <= 0 or total <= 0:
        return [0] * len(weights)
    quotas = [Fraction(n) * Fraction(w) / Fraction(total) for w in weights]
    out = [int(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - out[i]), i))
    for i in order[: n - sum(out)]:
        out[i] += 1
    return out


def _figures(tingkat: str) -> dict[str, int]:
    return {r["nama"]: int(r["jumlah_padukuhan"]) for r in ref.PADUKUHAN_JUMLAH
            if r["tingkat"] == tingkat}


def kapanewon_counts(count: int, rng: random.Random | None = None) -> dict[str, int]:
    """WKSBM per kapanewon: Bantul's padukuhan counts for 933, proportional otherwise, at
    least one per kapanewon when count >= 17 (below that, `count` kapanewon drawn by rng)."""
    names = list(ref.KAPANEWON)
    fig = _figures("kapanewon")
    if count < len(names):
        chosen = set((rng or random.Random(0)).sample(names, count))
        return {k: int(k in chosen) for k in names}
    extra = _apportion(count - len(names), [fig[k] - 1 for k in names])
    return {k: 1 + e for k, e in zip(names, extra)}


def kalurahan_capacity(kapanewon: str) -> dict[str, int]:
    """Padukuhan per kalurahan: the known figures, the rest of the kapanewon shared evenly."""
    kals = ref.KALURAHAN_OF[kapanewon]
    known = {k: v for k, v in _figures("kalurahan").items() if k in kals}
    unknown = [k for k in kals if k not in known]
    rest = max(_figures("kapanewon")[kapanewon] - sum(known.values()), len(unknown))
    shares = dict(zip(unknown, _apportion(rest, [1] * len(unknown))))
    return {k: known.get(k, shares.get(k, 0)) for k in kals}


def kalurahan_counts(kapanewon: str, n: int, rng: random.Random) -> dict[str, int]:
    cap = kalurahan_capacity(kapanewon)
    kals = list(cap)
    if n < len(kals):
        chosen, pool = [], kals[:]
        for _ in range(n):  # weighted draw without replacement
            pick = rng.choices(pool, weights=[cap[k] for k in pool])[0]
            chosen.append(pick)
            pool.remove(pick)
        return {k: int(k in chosen) for k in kals}
    return dict(zip(kals, _apportion(n, [cap[k] for k in kals])))


def _padukuhan_names(kalurahan: str, n: int, rng: random.Random, taken: set[str]) -> list[str]:
    """n padukuhan names for a kalurahan: the real ones first, then plausible ones."""
    real = [r["padukuhan"] for r in ref.PADUKUHAN if r["kalurahan"] == kalurahan
            and r["padukuhan"] not in taken]
    rng.shuffle(real)
    out = real[:n]
    pool = [p for p in D.PADUKUHAN_POOL if p not in taken and p != kalurahan]
    rng.shuffle(pool)
    variants = pool + [f"{p} {s}" for s in D.PADUKUHAN_SUFFIX for p in pool]
    for name in variants:
        if len(out) >= n:
            break
        if name not in taken and name not in out:
            out.append(name)
    k = 1
    while len(out) < n:  # only for absurd counts
        out.append(f"Padukuhan {k}")
        k += 1
    taken.update(out)
    return out


def _nama_wksbm(padukuhan: str, rng: random.Random) -> str:
    motto = rng.choice(D.WKSBM_MOTTO)
    return rng.choice((f"WKSBM {padukuhan} {motto}", f"WKSBM {motto} {padukuhan}",
                       f"WKSBM {padukuhan}"))


def plan_wksbm(count: int, seed: int) -> tuple[list[dict], list[dict]]:
    """The reporting WKSBM (index order) and the registered ones that do not report."""
    rng = random.Random(f"wksbm-sample:{seed}:plan")
    per_kap = kapanewon_counts(count, rng)
    taken: dict[str, set[str]] = {}
    rows = []
    for kap in ref.KAPANEWON:
        for kal, n in kalurahan_counts(kap, per_kap[kap], rng).items():
            for pad in _padukuhan_names(kal, n, rng, taken.setdefault(kal, set())):
                rows.append({"kapanewon": kap, "kode_kapanewon": ref.KAPANEWON_KODE[kap],
                             "kalurahan": kal, "kode_kalurahan": ref.KALURAHAN_KODE[kal],
                             "padukuhan": pad})
    silent = []
    for _ in range(round(count * SILENT_SHARE)):
        host = rng.choice(rows)
        pad = _padukuhan_names(host["kalurahan"], 1, rng, taken[host["kalurahan"]])[0]
        silent.append({**host, "padukuhan": pad})
    for r in rows + silent:
        r["nama_wksbm"] = _nama_wksbm(r["padukuhan"], random.Random(
            f"wksbm-sample:{seed}:nama:{r['kode_kalurahan']}:{r['padukuhan']}"))
    rows.sort(key=lambda r: (r["kode_kalurahan"], r["padukuhan"]))
    for i, r in enumerate(rows):
        r["index"] = i
    return rows, silent


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def file_name(w: dict, tahun: int, q: int, suffix: str = "") -> str:
    kode = w["kode_kalurahan"].replace(".", "")
    return f"wksbm_{kode}_{_slug(w['padukuhan'])}_{tahun}-T{q}{suffix}.xlsx"


# --- the batch plan ------------------------------------------------------------------------
@dataclass(frozen=True)
class Job:
    seed: int
    index: int
    wksbm: tuple            # sorted items of the WKSBM dict
    tahun: int              # the period the workbook reports
    q: int
    variant: str            # "normal", "original" (superseded), "revisi"
    kinds: tuple[str, ...]  # cell mistakes to make
    file: str
    wraps: int              # NIK serial wraps in the batch (see BookDrawer.nik)
    out_dir: str


def plan_jobs(count, seed, tahun, q, error_rate, out_dir="."):
    """Every file to write, and the file-level mistakes (found at compile)."""
    rows, silent = plan_wksbm(count, seed)
    rng = random.Random(f"wksbm-sample:{seed}:mistakes")
    n_err = min(count, max(0, round(count * error_rate)))
    err = rng.sample(range(count), n_err)
    n_special = max(1, round(0.1 * n_err)) if n_err >= 3 else 0
    resub, lastq = set(err[:n_special]), set(err[n_special:2 * n_special])
    prev = previous_quarter(tahun, q)
    if prev[0] < 2019:  # Tahun before 2019 would be period-invalid, not a last-quarter report
        lastq = set()
    deck: list[str] = []

    def draw(forbid):
        while True:
            for i, kind in enumerate(deck):
                if kind not in forbid:
                    return deck.pop(i)
            fresh = list(CELL_KINDS)
            rng.shuffle(fresh)
            deck.extend(fresh)

    kinds, seen = {}, set()
    for i in err:
        if i in lastq:
            kinds[i] = ()
        elif i in resub:  # the region must stay right, or the two files are not one WKSBM
            kinds[i] = (draw({"region-mismatch"}),)
        else:  # three each until every kind has been shown once (small batches show them all)
            got: list[str] = []
            n = 3 if len(seen) < len(CELL_KINDS) else rng.choices((1, 2, 3), weights=(4, 3, 3))[0]
            for _ in range(n):
                got.append(draw(set(got).union(*(CONFLICTS.get(k, set()) for k in got))))
            kinds[i] = tuple(got)
        seen.update(kinds[i])
    wraps = -(-count * SLOTS // SERIALS)
    jobs, file_mistakes = [], []
    for w in rows:
        i = w["index"]
        item = tuple(sorted(w.items()))
        if i in lastq:
            name = file_name(w, *prev)
            jobs.append(Job(seed, i, item, *prev, "normal", (), name, wraps, str(out_dir)))
            file_mistakes.append(Mistake(name, "", "", LAST_QUARTER, S.RULES[LAST_QUARTER].severity))
        elif i in resub:
            name = file_name(w, tahun, q)
            jobs.append(Job(seed, i, item, tahun, q, "original", kinds[i], name, wraps, str(out_dir)))
            jobs.append(Job(seed, i, item, tahun, q, "revisi", (), file_name(w, tahun, q, "_revisi"),
                            wraps, str(out_dir)))
            file_mistakes.append(Mistake(name, "", "", SUPERSEDED, S.RULES[SUPERSEDED].severity))
        else:
            jobs.append(Job(seed, i, item, tahun, q, "normal", kinds.get(i, ()),
                            file_name(w, tahun, q), wraps, str(out_dir)))
    return rows, silent, jobs, file_mistakes


# --- one workbook's content --------------------------------------------------------------
# --- mistakes ---------------------------------------------------------------------------
def _same_row(rows, i, key, value) -> bool:
    """Would setting rows[i][key] = value make it identical to another record?"""
    new = {**rows[i], key: value}
    return any(j != i and other == new for j, other in enumerate(rows))


def _shift_out(d: dt.datetime, start: dt.date, end: dt.date, rng) -> dt.datetime:
    """A plausible typo that moves a date outside the quarter: last year's number, or the
    month before the quarter or after it (same day)."""
    if rng.random() < 0.3:
        return d.replace(year=d.year - 1, day=min(d.day, 28))
    before = d.month == start.month or (d.month != end.month and rng.random() < 0.5)
    if before:
        month, year = (start.month - 1, d.year) if start.month > 1 else (12, d.year - 1)
    else:
        month, year = (end.month + 1, d.year) if end.month < 12 else (1, d.year + 1)
    return d.replace(year=year, month=month, day=min(d.day, 28))


def _similar_kalurahan(kal: str, rng) -> str:
    own = ref.KAPANEWON_OF[kal]
    others = sorted((k for k in ref.KALURAHAN if ref.KAPANEWON_OF[k] != own),
                    key=lambda k: (-difflib.SequenceMatcher(None, kal, k).ratio(), k))
    return rng.choice(others[:3])


def apply_mistakes(book: dict, kinds, g: BookDrawer) -> list[tuple[str, int | None, str, str]]:
    """Make the mistakes in the book; return (sheet key, record, column key, code) each."""
    rng = random.Random(f"wksbm-sample:{g.job.seed}:{g.job.index}:mistakes")
    used: set[tuple[str, int]] = set()
    done = []

    def referenced():
        return {a["nik_penerima"] for a in book["kegiatan"] if a["nik_penerima"]}

    def free(sheet, pred=lambda row: True):
        return [(sheet, i) for i, row in enumerate(book[sheet]) if (sheet, i) not in used and pred(row)]

    def unreferenced_ppks():
        refs = referenced()
        return free("data_ppks", lambda p: p["nik"] not in refs)

    fresh = FRESH_SLOT
    for kind in kinds:
        cands: list[tuple[str, int, str]] = []
        if kind == "date-as-text":
            cands = [(s, i, "tanggal") for sh in ("agenda_surat", "buku_tamu", "kegiatan") for s, i in free(sh)]
            cands += [(s, i, "tanggal") for s, i in free("pemasukan", lambda x: x["bentuk"] == "Barang")]
            cands += [(s, i, "tanggal_perolehan") for s, i in free("inventaris", lambda x: x["tanggal_perolehan"])]
        elif kind == "number-as-text":
            cands = [(s, i, "jumlah") for s, i in free("pengeluaran", lambda x: x["jumlah"] >= 1000)]
            cands += [(s, i, "jumlah") for s, i in free("pemasukan", lambda x: x["bentuk"] == "Barang")]
            cands += [(s, i, "nilai_bantuan") for s, i in free("kegiatan", lambda x: (x["nilai_bantuan"] or 0) >= 1000)]
            cands += [(s, i, "nilai") for s, i in free("inventaris", lambda x: (x["nilai"] or 0) >= 1000)]
        elif kind == "nik-as-number":
            cands = [(s, i, "nik") for s, i in unreferenced_ppks()]
        elif kind == "date-outside-period":
            cands = [(s, i, "tanggal") for sh in ("agenda_surat", "buku_tamu", "kegiatan") for s, i in free(sh)]
            cands += [(s, i, "tanggal_perolehan") for s, i in free("inventaris")]
        elif kind == "required-missing":
            cands = [(s, i, "alamat") for s, i in unreferenced_ppks()]
            cands += [(s, i, k) for sh, k in (("buku_tamu", "keperluan"), ("agenda_surat", "perihal"),
                                               ("inventaris", "satuan"), ("pengeluaran", "uraian"),
                                               ("kegiatan", "nama_kegiatan")) for s, i in free(sh)]
        elif kind == "value-not-allowed":
            cands = [(s, i, "jenis_ppks") for s, i in unreferenced_ppks()]
        elif kind == "ref-ppks-missing":
            cands = [(s, i, "nik_penerima") for s, i in free("kegiatan", lambda x: x["nik_penerima"])]
        if kind == "region-mismatch":
            book["_identitas"]["kalurahan"] = _similar_kalurahan(book["_identitas"]["kalurahan"], rng)
            done.append(("_identitas", None, "kalurahan", kind))
            continue
        rng.shuffle(cands)
        for sheet, i, key in cands:
            row = book[sheet][i]
            old = row[key]
            if kind == "date-as-text":
                form = rng.choices(("%d/%m/%Y", "%d-%m-%Y", "words"), weights=(6, 2, 2))[0]
                new = f"{old.day} {D.MONTH_ID[old.month - 1]} {old.year}" if form == "words" else old.strftime(form)
            elif kind == "number-as-text":
                dotted = f"{old:,}".replace(",", ".")
                new = rng.choice((f"Rp {dotted}", f"Rp {dotted}", dotted, f"Rp{dotted}", f"{dotted},00"))
            elif kind == "nik-as-number":
                new = int(old)
            elif kind == "date-outside-period":
                if key == "tanggal_perolehan":
                    new = stamp(g.end + dt.timedelta(days=rng.randint(3, 60)))
                else:
                    new = _shift_out(old, g.start, g.end, rng)
                if _same_row(book[sheet], i, key, new):
                    continue
            elif kind == "required-missing":
                new = None
                if _same_row(book[sheet], i, key, new):
                    continue
            elif kind == "value-not-allowed":
                new = rng.choice(D.PPKS_WRONG)
            else:  # ref-ppks-missing: a recipient who was never put in Data PPKS
                new, _ = g.nik(fresh, int(old[6:8]) > 40, 25, 80)
                fresh += 1
            row[key] = new
            used.add((sheet, i))
            done.append((sheet, i, key, kind))
            break
    return done


# --- layout and writing -------------------------------------------------------------------
LOWER_KEYS = ("sumber_dana", "bentuk", "jenis_surat", "kondisi", "status", "lokasi", "jenis_pengeluaran")


def _layout(g: BookDrawer, book: dict) -> dict:
    """How this volunteer writes: title rows, moved columns, blank and pre-numbered rows."""
    r = g.rng
    style = {"titles": r.choices((0, 1, 2, 3, 4), weights=(2, 3, 3, 2, 1))[0],
             "case": r.choices(("plain", "upper", "wrap"), weights=(7, 2, 2))[0],
             "swap": r.random() < 0.3, "blank": r.random() < 0.3, "prenumber": r.random() < 0.5,
             "lower": r.random() < 0.2, "gender_words": r.random() < 0.15,
             "terlantar": r.random() < 0.2, "psks_code": r.random() < 0.2,
             "petunjuk": r.random() < 0.4, "id_titles": r.randint(0, 2)}
    sheets = {}
    for sheet in S.TABLES:
        cols = [c.key for c in sheet.columns]
        if style["swap"] and r.random() < 0.4:
            a, b = r.sample(range(len(cols)), 2)
            cols[a], cols[b] = cols[b], cols[a]
        n_titles = style["titles"] if r.random() < 0.8 else r.randint(0, 4)
        plan = [("title", i) for i in range(n_titles)] + [("header", None)]
        n = len(book[sheet.key])
        for i in range(n):
            if style["blank"] and 0 < i and r.random() < 0.2:
                plan.append(("blank", None))
            plan.append(("rec", i))
        if style["prenumber"]:
            plan += [("num", n + 1 + k) for k in range(max(2, r.choice((10, 15, 20, 25)) - n))]
        sheets[sheet.key] = {"cols": cols, "plan": plan}
    style["sheets"] = sheets
    return style


def _titles(sheet: S.Sheet, g: BookDrawer, n: int) -> list[str | None]:
    period = f"Triwulan {S.TRIWULAN[g.job.q - 1]} Tahun {g.job.tahun}"
    lines = [sheet.book.split(". ", 1)[-1].upper(),
             f"{g.w['nama_wksbm']} - Padukuhan {g.w['padukuhan']}, Kalurahan {g.w['kalurahan']}",
             (f"Keadaan akhir {period}" if not sheet.period_bound else period), None]
    return lines[:n]


def _header_text(label: str, case: str) -> str:
    if case == "upper":
        return label.upper()
    if case == "wrap" and " " in label:
        head, tail = label.rsplit(" ", 1)
        return f"{head}\n{tail}"
    return label


def _shown(value, col: S.Column, style: dict):
    """The value as this volunteer types it: spelling variants that the standard accepts."""
    if not isinstance(value, str) or value not in col.allowed:
        return value
    if col.key == "jenis_kelamin" and style["gender_words"]:
        return "Laki-laki" if value == "L" else "Perempuan"
    if col.key == "jenis_ppks" and style["terlantar"]:
        return value.replace("Telantar", "Terlantar")
    if col.key == "jenis_psks" and style["psks_code"]:
        return dict((canon, code) for code, canon in col.aliases).get(value, value)
    if col.key in LOWER_KEYS and style["lower"]:
        return value.lower()
    return value


# A small SpreadsheetML writer: the few features the samples need, written straight to XML.
# openpyxl needs ~80 ms a workbook here; this needs a few, and its bytes depend on nothing
# but the content (fixed zip times and document properties).
ST_PLAIN, ST_TITLE, ST_HEADER, ST_DATE, ST_TEXT, ST_RP, ST_LABEL = range(7)
KIND_STYLE = {S.DATE: ST_DATE, S.RP: ST_RP, S.NIK: ST_TEXT, S.PHONE: ST_TEXT}
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


def _col(n: int) -> str:
    """1-based column number -> letters."""
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


class _Sheet:
    def __init__(self, name: str, widths: list[float]):
        self.name, self.widths, self.rows = name, widths, []

    def append(self, cells=()):
        """cells: values or (value, style) pairs; None leaves the cell empty."""
        self.rows.append(list(cells))


class _Book:
    def __init__(self):
        self.sheets: list[_Sheet] = []
        self.strings: dict[str, int] = {}

    def sheet(self, name: str, widths: list[float]) -> _Sheet:
        self.sheets.append(_Sheet(name, widths))
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

    def _sheet_xml(self, sh: _Sheet) -> str:
        out, width = [], max([len(r) for r in sh.rows] + [1])
        for n, row in enumerate(sh.rows, start=1):
            cells = []
            for j, cell in enumerate(row, start=1):
                value, style = cell if isinstance(cell, tuple) else (cell, ST_PLAIN)
                if value is not None:
                    cells.append(self._cell(f"{_col(j)}{n}", value, style))
            if cells:
                out.append(f'<row r="{n}">{"".join(cells)}</row>')
        cols = "".join(f'<col min="{j}" max="{j}" width="{w}" customWidth="1"/>'
                       for j, w in enumerate(sh.widths, start=1))
        return (f'{_DECL}<worksheet {_NS}><dimension ref="A1:{_col(width)}{max(len(sh.rows), 1)}"/>'
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


def write_book(path: Path, book: dict, style: dict, g: BookDrawer) -> dict:
    """Write the workbook; return where each record and Identitas field went."""
    ident = book["_identitas"]
    saved = ident["tanggal_laporan"].replace(hour=19, minute=30)
    wb = _Book()
    where: dict = {}

    if style["petunjuk"]:
        ws = wb.sheet(S.PETUNJUK, [90])
        ws.append([(D.PETUNJUK[0], ST_TITLE)])
        for line in D.PETUNJUK[1:]:
            ws.append([line])

    ws = wb.sheet(S.IDENTITAS.name, [30, 44])
    first = len(wb.sheets) - 1
    for text in ("IDENTITAS WKSBM", f"Laporan Triwulan {ident['triwulan']} Tahun {ident['tahun']}")[: style["id_titles"]]:
        ws.append([(text, ST_TITLE)])
    for col in S.IDENTITAS.columns:
        ws.append([(col.label, ST_LABEL), (ident[col.key], KIND_STYLE.get(col.kind, ST_PLAIN))])
        where[("_identitas", None, col.key)] = f"B{len(ws.rows)}"
    ws.append()
    ws.append([(S.CHECKLIST_TITLE, ST_TITLE)])
    for label in S.CHECKLIST:
        ws.append([label, book["_checklist"][label]])

    for sheet in S.TABLES:
        lay = style["sheets"][sheet.key]
        cols = [sheet.column(k) for k in lay["cols"]]
        ws = wb.sheet(sheet.name, [5] + [c.width for c in cols])
        titles = _titles(sheet, g, sum(1 for kind, _ in lay["plan"] if kind == "title"))
        records = book[sheet.key]
        number = 0
        for kind, i in lay["plan"]:
            if kind == "title":
                ws.append([(titles[i], ST_TITLE)] if titles[i] else [])
            elif kind == "header":
                ws.append([(_header_text(x, style["case"]), ST_HEADER)
                           for x in [S.NO_LABEL] + [c.label for c in cols]])
            elif kind == "blank":
                ws.append()
            elif kind == "num":
                ws.append([i])
            else:
                number += 1
                out = [number]
                for c in cols:
                    v = _shown(records[i][c.key], c, style)
                    if isinstance(v, int) and c.kind == S.NIK:
                        out.append(v)  # the mistake: a NIK stored as a number, no text format
                    else:
                        out.append((v, KIND_STYLE.get(c.kind, ST_PLAIN) if not isinstance(v, str) or c.kind in (S.NIK, S.PHONE) else ST_PLAIN))
                ws.append(out)
                n_row = len(ws.rows)
                for j, c in enumerate(cols, start=2):
                    where[(sheet.key, i, c.key)] = f"{_col(j)}{n_row}"

    wb.save(path, ident["nama_pelapor"], stamp(g.start).replace(hour=8), saved, active=first)
    ts = calendar.timegm(saved.timetuple())
    os.utime(path, (ts, ts))
    return where


def build_file(job: Job) -> list[Mistake]:
    """Worker: draw, spoil and write one workbook; return its cell mistakes."""
    g = BookDrawer(job)
    book = g.build()
    style = _layout(g, book)
    done = apply_mistakes(book, job.kinds, g)
    where = write_book(Path(job.out_dir) / job.file, book, style, g)
    out = []
    for sheet_key, i, key, code in done:
        sheet = S.IDENTITAS.name if sheet_key == "_identitas" else T[sheet_key].name
        out.append(Mistake(job.file, sheet, where[(sheet_key, i, key)], code, S.RULES[code].severity))
    return out


# --- the front door -------------------------------------------------------------------------
def generate(out_dir, count: int = 20, seed: int = 2026, tahun: int = 2026, triwulan="III",
             error_rate: float = 0.2, workers: int | None = None) -> SampleResult:
    """Write `count` WKSBM workbooks (plus resubmissions), the registry and mistakes.csv."""
    if count < 1:
        raise ValueError("Jumlah buku kerja (--count) minimal 1.")
    if not 0 <= error_rate <= 1:
        raise ValueError("Proporsi kesalahan (--error-rate) harus antara 0 dan 1.")
    if not 2019 <= int(tahun) <= 2100:
        raise ValueError(f"Tahun tidak sah: {tahun}")
    q = quarter_number(triwulan)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows, silent, jobs, mistakes = plan_jobs(count, seed, int(tahun), q, error_rate, out)
    workers = max(1, workers or os.cpu_count() or 1)
    if workers == 1 or len(jobs) < 8:
        per_file = [build_file(j) for j in jobs]
    else:
        chunk = max(1, len(jobs) // (workers * 8))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            per_file = list(pool.map(build_file, jobs, chunksize=chunk))
    for found in per_file:
        mistakes.extend(found)
    mistakes.sort(key=Mistake.sort_key)

    registry = out / REGISTRY_NAME
    reg_rows = sorted([{**r, "melapor": True} for r in rows] + [{**r, "melapor": False} for r in silent],
                      key=lambda r: (r["kode_kalurahan"], r["padukuhan"].casefold()))
    with registry.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm", "kapanewon"])
        for r in reg_rows:
            w.writerow([r["kode_kalurahan"], r["kalurahan"], r["padukuhan"], r["nama_wksbm"], r["kapanewon"]])
    mistakes_csv = out / MISTAKES_NAME
    with mistakes_csv.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["file", "sheet", "cell", "code", "severity"])
        for m in mistakes:
            w.writerow([m.file, m.sheet, m.cell, m.code, m.severity])
    return SampleResult(out, [out / j.file for j in jobs], registry, mistakes, mistakes_csv, reg_rows)
