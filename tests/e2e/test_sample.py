"""`wksbm sample`: deterministic, distributed like Bantul, believable, and every intended
mistake produces exactly its own finding at its cell."""
from __future__ import annotations

import collections
import csv
import datetime as dt
import random
import re
from pathlib import Path

import openpyxl
import pytest

from compiler.sample import generate as sample

from compiler.sample import mistakes as sample_mistakes
from compiler.sample import slips as sample_slips

from compiler.sample import plan as sample_plan
from compiler.sample.period import quarter_bounds
from schemas import reference as ref
from schemas import standard as S

COUNT, SEED, RATE = 30, 11, 0.5


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    return sample.generate(tmp_path_factory.mktemp("batch"), count=COUNT, seed=SEED, error_rate=RATE)


def _figures(tingkat):
    return {r["nama"]: int(r["jumlah_padukuhan"]) for r in ref.PADUKUHAN_JUMLAH if r["tingkat"] == tingkat}


def _table(ws, sheet: S.Sheet):
    """Records of a table sheet as {key: value} with their Excel row, found by the labels."""
    labels = {S.label_key(c.label): c.key for c in sheet.columns}
    rows = list(ws.iter_rows(values_only=True))
    for h, row in enumerate(rows):
        keys = {j: labels.get(S.label_key(v)) for j, v in enumerate(row) if v is not None}
        if set(sheet.required_labels) <= {c.label for c in sheet.columns if c.key in keys.values()}:
            break
    else:
        raise AssertionError(f"no header on {sheet.name}")
    out = []
    for n, row in enumerate(rows[h + 1:], start=h + 2):
        rec = {keys[j]: v for j, v in enumerate(row) if keys.get(j)}
        if any(v is not None for v in rec.values()):
            out.append((n, rec))
    return out


def _identitas(ws):
    labels = {c.label: c.key for c in S.IDENTITAS.columns}
    return {labels[a]: b for a, b, *_ in ws.iter_rows(values_only=True) if a in labels}


def _read(path):
    wb = openpyxl.load_workbook(path)
    return _identitas(wb[S.IDENTITAS.name]), {s.key: _table(wb[s.name], s) for s in S.TABLES}


# --- determinism ------------------------------------------------------------------------
def test_same_seed_same_bytes_serial_or_parallel(tmp_path):
    a = sample.generate(tmp_path / "a", count=12, seed=5, workers=2)
    b = sample.generate(tmp_path / "b", count=12, seed=5, workers=1)
    assert [p.name for p in a.files] == [p.name for p in b.files]
    for pa, pb in zip(a.files + [a.registry, a.mistakes_csv], b.files + [b.registry, b.mistakes_csv]):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    for pa, pb in zip(a.files, b.files):  # workbook times decide which resubmission is newer
        assert pa.stat().st_mtime == pb.stat().st_mtime
    assert a.mistakes == b.mistakes
    c = sample.generate(tmp_path / "c", count=12, seed=6, workers=1)
    assert [p.read_bytes() for p in c.files] != [p.read_bytes() for p in a.files]


# --- where the WKSBM are ------------------------------------------------------------------
def test_933_follows_the_padukuhan_counts():
    assert sample_plan.kapanewon_counts(933) == _figures("kapanewon")
    rows, silent = sample_plan.plan_wksbm(933, seed=2026)
    assert collections.Counter(r["kapanewon"] for r in rows) == _figures("kapanewon")
    per_kal = collections.Counter(r["kalurahan"] for r in rows)
    for kal, n in _figures("kalurahan").items():
        assert per_kal[kal] == n, kal
    names = collections.Counter((r["kalurahan"], r["padukuhan"]) for r in rows + silent)
    assert max(names.values()) == 1  # unique within each kalurahan, silent ones included
    real = collections.defaultdict(set)
    for r in ref.PADUKUHAN:
        real[r["kalurahan"]].add(r["padukuhan"])
    for kal, known in real.items():  # every real name is used before any invented one
        used = {r["padukuhan"] for r in rows if r["kalurahan"] == kal}
        assert known <= used or used <= known, kal
    assert len(silent) == round(933 * sample_plan.SILENT_SHARE)


@pytest.mark.parametrize("count", [1, 5, 16, 17, 20, 100, 2000])
def test_small_and_large_counts_spread(count):
    per_kap = sample_plan.kapanewon_counts(count, random.Random(1))
    assert sum(per_kap.values()) == count
    if count >= 17:
        assert min(per_kap.values()) >= 1
    rows, _ = sample_plan.plan_wksbm(count, seed=1)
    assert len(rows) == count
    assert all(r["kalurahan"] in ref.KALURAHAN_OF[r["kapanewon"]] for r in rows)


# --- the batch --------------------------------------------------------------------------
def test_files_registry_and_mistakes_csv(batch):
    assert all(re.fullmatch(r"wksbm_\d{10}_[a-z0-9-]+_\d{4}-T[1-4](_revisi)?\.xlsx", p.name) for p in batch.files)
    assert len({p.name for p in batch.files}) == len(batch.files)
    reporting = [r for r in batch.wksbm if r["melapor"]]
    assert len(reporting) == COUNT
    assert len(batch.wksbm) == COUNT + round(COUNT * sample_plan.SILENT_SHARE)
    with batch.registry.open(encoding="utf-8", newline="") as fh:
        reg = list(csv.DictReader(fh))
    assert list(reg[0])[:4] == ["kode_kalurahan", "kalurahan", "padukuhan", "nama_wksbm"]
    assert len(reg) == len(batch.wksbm)
    assert all(ref.KALURAHAN_KODE[r["kalurahan"]] == r["kode_kalurahan"] for r in reg)
    with batch.mistakes_csv.open(encoding="utf-8", newline="") as fh:
        listed = [sample.Mistake(**r) for r in csv.DictReader(fh)]
    assert listed == batch.mistakes == sorted(batch.mistakes, key=sample.Mistake.sort_key)
    assert all(m.severity == S.RULES[m.code].severity for m in batch.mistakes)
    codes = {m.code for m in batch.mistakes}
    assert codes == set(sample_mistakes.CELL_KINDS) | {sample_mistakes.LAST_QUARTER, sample_mistakes.SUPERSEDED} \
        | set(sample_slips.SLIP_KINDS)
    bad_files = {m.file for m in batch.mistakes}
    assert 0.3 * COUNT <= len(bad_files) <= 0.7 * COUNT
    per_file = collections.Counter(m.file for m in batch.mistakes)
    assert max(per_file.values()) <= 3  # one to three (a superseded original: its own + one)


def test_resubmission_and_last_quarter(batch):
    names = {p.name: p for p in batch.files}
    superseded = [m.file for m in batch.mistakes if m.code == sample_mistakes.SUPERSEDED]
    assert superseded
    for old in superseded:
        new = names[old.replace(".xlsx", "_revisi.xlsx")]
        ident_old, _ = _read(names[old])
        ident_new, _ = _read(new)
        assert (ident_old["kalurahan"], ident_old["padukuhan"]) == (ident_new["kalurahan"], ident_new["padukuhan"])
        assert ident_new["tanggal_laporan"] > ident_old["tanggal_laporan"]
        assert new.name not in {m.file for m in batch.mistakes}
    for m in (m for m in batch.mistakes if m.code == sample_mistakes.LAST_QUARTER):
        ident, _ = _read(names[m.file])
        assert (ident["tahun"], ident["triwulan"]) == (2026, "II")
        assert m.file.endswith("_2026-T2.xlsx")


def test_each_mistake_is_in_its_cell(batch):
    names = {p.name: p for p in batch.files}
    start, end = dt.datetime(2026, 7, 1), dt.datetime(2026, 9, 30)
    for m in batch.mistakes:
        if not m.cell:
            continue
        wb = openpyxl.load_workbook(names[m.file])
        value = wb[m.sheet][m.cell].value
        if m.code == "date-as-text":
            assert isinstance(value, str) and re.search(r"\d{4}", value)
        elif m.code == "number-as-text":
            assert isinstance(value, str) and re.fullmatch(r"(Rp ?)?\d{1,3}(\.\d{3})+(,00)?", value)
        elif m.code == "nik-as-number":
            assert isinstance(value, int) and len(str(value)) == 16
        elif m.code == "date-outside-period":
            assert isinstance(value, dt.datetime) and not start <= value <= end
        elif m.code == "required-missing":
            assert value is None
        elif m.code == "value-not-allowed":
            assert value not in ref.PPKS and m.sheet == "Data PPKS"
        elif m.code == "ref-ppks-missing":
            niks = {rec.get("nik") for _, rec in _table(wb["Data PPKS"], S.TABLE_BY_KEY["data_ppks"])}
            assert value not in niks
        elif m.code == "region-mismatch":
            kap = wb["Identitas"]["B" + str(int(m.cell[1:]) - 1)].value
            assert value in ref.KALURAHAN and ref.KAPANEWON_OF[value] != kap
        elif m.code == "amount-decimal":     # "112.500" on an English computer
            assert isinstance(value, float) and not value.is_integer() and value < 1000
        elif m.code == "amount-small":       # "360.000" on an English computer
            assert isinstance(value, int) and 0 < value < 1000
        elif m.code == "date-swapped":       # "03/08/2026" on a month-first computer
            assert isinstance(value, dt.datetime) and not start <= value <= end
            assert start <= value.replace(month=value.day, day=value.month) <= end


def test_each_slip_of_a_whole_sheet_is_there(batch):
    names = {p.name: p for p in batch.files}
    slips = [m for m in batch.mistakes if m.code in ("sheet-extra-data", "columns-shifted")]
    assert {m.code for m in slips} == {"sheet-extra-data", "columns-shifted"}
    for m in slips:
        wb = openpyxl.load_workbook(names[m.file])
        rows = list(wb[m.sheet].iter_rows(values_only=True))
        if m.code == "sheet-extra-data":     # a sheet per month: the book's header and its records
            base = next(s for s in S.TABLES if m.sheet.startswith(s.name + " "))
            assert rows[1][1:] == tuple(c.label for c in base.columns) and len(rows) >= 3
        else:                                # a voucher number in front of every record
            vouchers = [r[1] for r in rows if isinstance(r[0], int) and isinstance(r[1], str)]
            assert len(vouchers) >= 3 and all(re.fullmatch(r"[A-Z]+-\d\d", v) for v in vouchers)


def test_clean_workbooks_keep_the_rules(batch):
    """An independent check of what the validator will check, on every clean workbook."""
    clean = batch.clean_files
    assert len(clean) >= COUNT // 3
    all_niks = collections.defaultdict(set)
    for path in clean:
        ident, t = _read(path)
        assert ident["kalurahan"] in ref.KALURAHAN_OF[ident["kapanewon"]]
        q = S.TRIWULAN.index(ident["triwulan"]) + 1
        start, end = quarter_bounds(ident["tahun"], q)
        assert ident["tanggal_laporan"].date() > end
        for sheet in S.TABLES:
            records = [rec for _, rec in t[sheet.key]]
            for col in sheet.columns:
                for rec in records:
                    v = rec.get(col.key)
                    if col.required:
                        assert v is not None, (path.name, sheet.name, col.label)
                    if col.period_bound:
                        assert start <= v.date() <= end, (path.name, sheet.name)
                    if col.not_after_period and v is not None:
                        assert v.date() <= end
            rows = [tuple(sorted(rec.items(), key=lambda kv: kv[0])) for rec in records]
            assert len(rows) == len(set(rows)), (path.name, sheet.name)
        ppks = [rec for _, rec in t["data_ppks"]]
        seen = set()
        for p in ppks:
            nik = p["nik"]
            assert isinstance(nik, str) and re.fullmatch(r"\d{16}", nik)
            day, born = int(nik[6:8]), p["tanggal_lahir"]
            female = p["jenis_kelamin"] in ("P", "Perempuan")
            assert (day - 40 if female else day, int(nik[8:10]), int(nik[10:12])) == \
                (born.day, born.month, born.year % 100), nik
            assert 1 <= int(nik[12:]) <= 9999
            assert (nik, p["jenis_ppks"]) not in seen
            seen.add((nik, p["jenis_ppks"]))
            all_niks[nik].add((ident["kalurahan"], ident["padukuhan"]))
        assert 3 <= len({p["nik"] for p in ppks}) <= 40
        known = {p["nik"] for p in ppks}
        partners = {r["nama_lembaga"] for _, r in t["data_jejaring"]}
        donors = {r["nama_donatur"] for _, r in t["data_donatur"]}
        for _, k in t["kegiatan"]:
            assert k.get("nik_penerima") in known | {None}
            assert k.get("mitra") in partners | {None}
            assert k["jumlah_penerima"] >= 1
        for _, p in t["pemasukan"]:
            if str(p["sumber_dana"]).casefold() == "donatur":
                assert p["nama_donatur"] in donors
        meetings = {r["tanggal_rapat"]: r["jumlah_hadir"] for _, r in t["notulensi_rapat"]}
        hadir = collections.Counter(r["tanggal_rapat"] for _, r in t["daftar_hadir"])
        assert dict(hadir) == meetings
        moves = [(r["tanggal"], 1, r["jumlah"]) for _, r in t["pemasukan"] if str(r["bentuk"]).casefold() == "uang"]
        moves += [(r["tanggal"], 0, -r["jumlah"]) for _, r in t["pengeluaran"] if str(r["bentuk"]).casefold() == "uang"]
        balance = ident["saldo_awal"]
        for _, _, amount in sorted(moves):  # expenses before income on the same day
            balance += amount
            assert balance >= 0, path.name
    revisi = {p.name for p in clean if p.name.endswith("_revisi.xlsx")}
    owners = {nik: who for nik, who in all_niks.items() if len(who) > 1}
    assert not owners or revisi  # a NIK is shared only by the two files of one WKSBM


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError):
        sample.generate(tmp_path, count=0)
    with pytest.raises(ValueError):
        sample.generate(tmp_path, triwulan="V")
    with pytest.raises(ValueError):
        sample.generate(tmp_path, error_rate=1.5)


# --- with the validator -----------------------------------------------------------------
def test_validator_finds_exactly_the_mistakes(batch):
    api = pytest.importorskip("compiler.api")
    pytest.importorskip("compiler.screen.gate")
    expected = collections.defaultdict(set)
    for m in batch.mistakes:
        if m.code not in S.COMPILE_ONLY:
            expected[m.file].add((m.sheet, m.cell, m.code, m.severity))
    results = api.validate_files([str(p) for p in batch.files])
    assert len(results) == len(batch.files)
    for res in results:
        got = {(f.sheet, f.cell, f.code, f.severity) for f in res.findings}
        assert got == expected.get(res.file, set()), res.file


def test_committed_samples_are_what_the_generator_makes(tmp_path):
    """sample_workbooks/ is `wksbm sample --out sample_workbooks --count 20 --seed 2026`."""
    committed = Path(__file__).resolve().parents[2] / "sample_workbooks"
    if not (committed / sample.REGISTRY_NAME).exists():
        pytest.skip("sample_workbooks/ not generated")
    fresh = sample.generate(tmp_path, count=20, seed=2026)
    for p in fresh.files + [fresh.registry, fresh.mistakes_csv]:
        assert (committed / p.name).read_bytes() == p.read_bytes(), p.name
    assert sorted(x.name for x in committed.glob("*.xlsx")) == sorted(p.name for p in fresh.files)


def test_samples_never_overwrite_a_real_registry_or_report(tmp_path):
    """Made again into their own folder they replace themselves; a real daftar_wksbm.csv (or a
    report of the same name) in the folder given stops them, untouched."""
    from compiler.files.out_folder import OutputFolderError, listed_files

    made = sample.generate(tmp_path / "contoh", count=3, seed=1, workers=1)
    assert sample.generate(tmp_path / "contoh", count=3, seed=1, workers=1).files == made.files
    # samples are reports to check, not outputs; their registry and mistakes.csv are the sample's own
    assert sorted(p.name for p in listed_files([tmp_path / "contoh"])) == ["daftar_wksbm.csv", "mistakes.csv"]
    real = tmp_path / "laporan" / "daftar_wksbm.csv"
    real.parent.mkdir()
    real.write_text("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n34.02.03.2002,Parangtritis,Depok,\n")
    with pytest.raises(OutputFolderError, match="daftar_wksbm.csv"):
        sample.generate(real.parent, count=3, seed=1, workers=1)
    assert real.read_text().endswith("Depok,\n") and not list(real.parent.glob("*.xlsx"))
