"""The plan of a sample batch: where the WKSBM are (spread over Bantul's kapanewon and
kalurahan like its real padukuhan), and which file each one sends with which mistakes.

Planned in the parent from seeded rngs, so every worker gets a self-contained `Job`.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from fractions import Fraction

from compiler.sample.books import SERIALS, SLOTS
from compiler.sample.mistakes import CELL_KINDS, CONFLICTS, LAST_QUARTER, SUPERSEDED, Mistake
from compiler.sample.period import previous_quarter
from compiler.sample.slips import SLIP_KINDS
from compiler.sample.words import PADUKUHAN_POOL, PADUKUHAN_SUFFIX, WKSBM_MOTTO
from schemas import reference as ref
from schemas import standard as S

SILENT_SHARE = 0.05            # registered WKSBM that do not report


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
    pool = [p for p in PADUKUHAN_POOL if p not in taken and p != kalurahan]
    rng.shuffle(pool)
    variants = pool + [f"{p} {s}" for s in PADUKUHAN_SUFFIX for p in pool]
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
    motto = rng.choice(WKSBM_MOTTO)
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
    slips: tuple[str, ...] = ()   # slips of other locales and habits (compiler.sample.slips)


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
    slips = _plan_slips(count, seed, set(err))
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
                            file_name(w, tahun, q), wraps, str(out_dir), slips.get(i, ())))
    return rows, silent, jobs, file_mistakes


SLIP_SHARE = 0.25              # workbooks with slips of other locales, for every four with mistakes


def _plan_slips(count: int, seed: int, err: set[int]) -> dict[int, tuple[str, ...]]:
    """Slips of other locales and habits, on workbooks otherwise clean (drawn from their own
    rng, so that the other mistakes of a batch stay as they were): three each until every kind
    has been shown, then one or two."""
    if not err:
        return {}
    rng = random.Random(f"wksbm-sample:{seed}:slips")
    clean = [i for i in range(count) if i not in err]
    chosen = rng.sample(clean, min(len(clean), max(2, round(len(err) * SLIP_SHARE))))
    out, deck, seen = {}, [], set()
    for i in chosen:
        n = 3 if len(seen) < len(SLIP_KINDS) else rng.choice((1, 2))
        got: list[str] = []
        while len(got) < n:
            if not deck:
                deck = list(SLIP_KINDS)
                rng.shuffle(deck)
            kind = deck.pop()
            if kind not in got:
                got.append(kind)
        out[i] = tuple(got)
        seen.update(got)
    return out

