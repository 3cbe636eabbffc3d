"""The screening that runs before any parser sees a workbook's bytes (compiler.screen.gate)."""
from __future__ import annotations

import importlib.util
import io
import os
import random
import re
import socket
import time
import tracemalloc

import openpyxl
import pytest

from tests.helpers import hostile_corpus as hc
from tests.helpers.hostile_build import MAIN_NS, single_sheet
from compiler.screen import xml as screen_mod
from compiler.screen.gate import MAX_FILE_BYTES, UNREADABLE, UNSAFE, Verdict, screen, screen_path

HAVE_CALAMINE = importlib.util.find_spec("python_calamine") is not None


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict[str, str]:
    """Every hostile case written once into a temporary directory."""
    return hc.build_all(tmp_path_factory.mktemp("hostile"))


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def _timed_screen(data: bytes) -> tuple[Verdict, float]:
    t = time.perf_counter()
    verdict = screen(data)
    return verdict, time.perf_counter() - t


# ---------------------------------------------------------------------------------------
# Every case: the verdict, the reason, the time and the memory
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(hc.CASES))
def test_case_verdict(corpus, name):
    case = hc.CASES[name]
    verdict, elapsed = _timed_screen(_read(corpus[name]))
    assert verdict.code == case.code, verdict.sebab
    if case.code is None:
        assert verdict.sebab == ""
    else:
        assert verdict.sebab.endswith(".") and verdict.sebab[0].isupper()
        assert case.reason in verdict.sebab
        assert len(re.findall(r"[.!?](?:\s|$)", verdict.sebab)) <= 2, "one or two short sentences"
    assert elapsed < 2.0, f"{name}: {elapsed:.2f} s"


@pytest.mark.parametrize("name", list(hc.CASES))
def test_case_memory(corpus, name):
    data = _read(corpus[name])
    tracemalloc.start()
    try:
        screen(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200 * 2**20, f"{name}: peak {peak / 2**20:.0f} MB"


def test_rejects_always_say_why():
    for name, case in hc.CASES.items():
        if case.code is not None:
            assert case.reason, name


# ---------------------------------------------------------------------------------------
# What the verdict of a good workbook carries
# ---------------------------------------------------------------------------------------
def test_formula_error_cell_is_reported(corpus):
    verdict = screen(_read(corpus["formula_error"]))
    assert verdict.code is None
    assert verdict.error_cells == frozenset({("Sheet", "A1")})
    assert dict(verdict.error_values) == {("Sheet", "A1"): "#DIV/0!"}
    assert verdict.date1904 is False


def test_date1904_detected(corpus):
    assert screen(_read(corpus["date1904_openpyxl"])).date1904 is True
    assert screen(_read(corpus["date1904_true"])).date1904 is True
    assert screen(_read(corpus["base_workbook"])).date1904 is False


def test_last_rows_ignore_styled_empty_rows(corpus):
    verdict = screen(_read(corpus["styled_rows_200k"]))
    assert verdict.code is None
    assert dict(verdict.last_rows) == {"Identitas": 5, "Pemasukan": 21}


def test_dimension_is_ignored(corpus):
    verdict = screen(_read(corpus["dimension_bomb"]))
    assert verdict.code is None
    assert dict(verdict.last_rows) == {"Identitas": 5, "Pemasukan": 21}


def test_prefixed_elements_are_read_like_calamine(corpus):
    verdict = screen(_read(corpus["prefixed_sheet"]))
    assert verdict.error_cells == frozenset({("Sheet", "B1")})
    assert dict(verdict.last_rows) == {"Sheet": 1}


def test_positions_inferred_without_r(corpus):
    verdict = screen(_read(corpus["no_refs_sheet"]))
    assert verdict.code is None
    assert verdict.error_cells == frozenset({("Sheet", "B1")})
    assert dict(verdict.error_values) == {("Sheet", "B1"): "#N/A"}
    assert dict(verdict.last_rows) == {"Sheet": 3}


def _requote(xml: bytes) -> bytes:
    """Single quotes and a space before '=': a form that takes the per-tag (slow) path."""
    return re.sub(rb'(<(?:c|row)\b[^>]*>)', lambda m: m.group(1).replace(b'="', b" ='").replace(b'"', b"'"), xml)


def test_slow_path_agrees_with_fast_path():
    """The same workbook in canonical and in non-canonical form gives the same verdict."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data PPKS"
    for r in range(1, 40):
        ws.append([r, f"nama {r}", 1.5 * r, None, "x" if r % 3 else None])
    ws["H50"] = "jauh"
    buf = io.BytesIO()
    wb.save(buf)
    data = hc.set_sheet_xml(buf.getvalue(), hc.SHEET1, lambda s: s.replace(
        '<c r="C7" t="n"><v>10.5</v></c>', '<c r="C7" t="e"><v>#REF!</v></c>'))
    data = hc.with_shared_strings(data, hc.sst(["a", "b", "c"]))
    data = hc.set_sheet_xml(data, hc.SHEET1, lambda s: s.replace(
        '<c r="B9" t="inlineStr"><is><t>nama 9</t></is></c>', '<c r="B9" t="s"><v>2</v></c>'))
    fast = screen(data)
    slow = screen(hc.rewrite(data, {hc.SHEET1: _requote(hc.member(data, hc.SHEET1))}))
    assert fast.code is None and slow.code is None
    assert fast.error_cells == slow.error_cells == frozenset({("Data PPKS", "C7")})
    assert dict(fast.error_values) == dict(slow.error_values) == {("Data PPKS", "C7"): "#REF!"}
    assert dict(fast.last_rows) == dict(slow.last_rows) == {"Data PPKS": 50}

    bad = hc.set_sheet_xml(data, hc.SHEET1, lambda s: s.replace('<c r="B9" t="s"><v>2</v></c>',
                                                                '<c r="B9" t="s"><v>3</v></c>'))
    for variant in (bad, hc.rewrite(bad, {hc.SHEET1: _requote(hc.member(bad, hc.SHEET1))})):
        verdict = screen(variant)
        assert verdict.code == UNREADABLE and "sel B9" in verdict.sebab


def test_dtd_marker_split_across_chunks_needs_the_overlap(corpus, monkeypatch):
    """The corpus case really straddles the inflation chunk boundary: without the overlap
    the marker would be missed."""
    data = _read(corpus["doctype_split_across_chunks"])
    assert screen(data).code == UNSAFE
    monkeypatch.setattr(screen_mod, "_DTD_OVERLAP", 0)
    assert screen(data).code is None


# ---------------------------------------------------------------------------------------
# Nothing touches the network
# ---------------------------------------------------------------------------------------
def test_external_entities_never_fetched():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        listener.settimeout(0.3)
        port = listener.getsockname()[1]
        verdict = screen(hc.xxe_url(port))
        assert verdict.code == UNSAFE and "DOCTYPE" in verdict.sebab
        with pytest.raises(socket.timeout):
            conn, _ = listener.accept()
            conn.close()


# ---------------------------------------------------------------------------------------
# screen_path
# ---------------------------------------------------------------------------------------
def test_screen_path_names(tmp_path):
    data = hc.base_workbook()
    for name in ("laporan.xlsx", "laporan Triwulan III (final).xlsx", "lápóran.xlsx"):
        p = tmp_path / name
        p.write_bytes(data)
        for arg in (p, str(p), os.fsencode(p)):
            got, verdict = screen_path(arg)
            assert verdict.code is None and got == data


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
def test_screen_path_name_not_utf8(tmp_path):
    raw = os.fsencode(tmp_path) + b"/lap\xff\xfeoran.xlsx"
    with open(raw, "wb") as f:
        f.write(hc.base_workbook())
    got, verdict = screen_path(raw)
    assert verdict.code is None and got is not None


def test_screen_path_errors(tmp_path):
    got, verdict = screen_path(tmp_path / "tidak-ada.xlsx")
    assert got is None and verdict.code == UNREADABLE
    assert verdict.sebab == ("Berkas tidak dapat dibuka di komputer ini: berkas tidak ditemukan. Periksa berkas "
                             "dan izinnya, lalu periksa ulang.")
    got, verdict = screen_path(tmp_path)
    assert got is None and verdict.code == UNREADABLE and verdict.sebab.startswith("Berkas tidak dapat dibuka di komputer ini:")
    got, verdict = screen_path(str(tmp_path) + "/a\x00b.xlsx")
    assert got is None and verdict.code == UNREADABLE


def test_screen_path_size_cap(tmp_path):
    big = tmp_path / "besar.xlsx"
    with open(big, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)          # sparse: nothing is really written
    t = time.perf_counter()
    got, verdict = screen_path(big)
    assert time.perf_counter() - t < 1.0
    assert got is None and verdict.code == UNSAFE and "terlalu besar" in verdict.sebab


def test_screen_path_returns_bytes_only_when_safe(corpus):
    for name in ("macro_xlsm", "zip_bomb", "truncated"):
        got, verdict = screen_path(corpus[name])
        assert got is None and verdict.code is not None


def test_screen_accepts_bytes_like():
    data = hc.base_workbook()
    assert screen(bytearray(data)).code is None
    assert screen(memoryview(data)).code is None


# ---------------------------------------------------------------------------------------
# Robustness and speed
# ---------------------------------------------------------------------------------------
def test_mutations_never_raise():
    """Truncations and byte flips of a real workbook: always a Verdict, never an exception."""
    data = hc.base_workbook()
    rnd = random.Random(20260828)
    for _ in range(300):
        mutated = bytearray(data)
        if rnd.random() < 0.3:
            mutated = mutated[:rnd.randrange(len(mutated))]
        else:
            for _ in range(rnd.randint(1, 8)):
                mutated[rnd.randrange(len(mutated))] = rnd.randrange(256)
        verdict, elapsed = _timed_screen(bytes(mutated))
        assert isinstance(verdict, Verdict) and verdict.code in (None, UNREADABLE, UNSAFE)
        assert elapsed < 1.0


def _normal_workbook() -> bytes:
    """A filled WKSBM-like workbook of about 50 KB (13 sheets, tens of rows each)."""
    rnd = random.Random(3)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for s in range(13):
        ws = wb.create_sheet(f"Lembar {s}")
        ws.append(["No", "Tanggal", "Uraian", "Jumlah (Rp)", "Keterangan", "NIK"])
        for r in range(rnd.randint(10, 60)):
            ws.append([r + 1, f"{rnd.randint(1, 28):02d}/08/2026", f"uraian {rnd.randint(1, 999)}",
                       rnd.randint(1, 10**7), None if r % 2 else "ok", f"34020{rnd.randint(10**10, 10**11 - 1)}"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_normal_workbook_is_fast():
    data = _normal_workbook()
    assert 20_000 < len(data) < 120_000
    best = min(_timed_screen(data)[1] for _ in range(5))
    assert screen(data).code is None
    assert best < 0.1, f"{best * 1000:.1f} ms"       # typically a few ms; generous for busy machines


# ---------------------------------------------------------------------------------------
# python-calamine: what the screening protects it from (subprocesses, optional)
# ---------------------------------------------------------------------------------------
@pytest.mark.skipif(not HAVE_CALAMINE, reason="python-calamine not installed")
@pytest.mark.parametrize("name", [n for n, c in hc.CASES.items() if c.calamine_aborts and c.code])
def test_calamine_aborts_where_the_screen_rejects(corpus, name):
    assert screen(_read(corpus[name])).code == UNSAFE
    outcome = hc.calamine_outcome(corpus[name])
    assert outcome != "ok", outcome        # an abort (SIGABRT) or a memory failure in the subprocess


@pytest.mark.skipif(not HAVE_CALAMINE, reason="python-calamine not installed")
@pytest.mark.parametrize("name", [n for n, c in hc.CASES.items() if c.calamine_aborts and not c.code])
def test_calamine_aborts_on_the_file_but_reads_what_the_screen_hands_it(corpus, name, tmp_path):
    """Only a declared count is wrong: the file would abort calamine; the package the screen
    hands the reader instead (`Verdict.package`, the true count) is read."""
    verdict = screen(_read(corpus[name]))
    assert verdict.code is None and verdict.package is not None
    assert hc.calamine_outcome(corpus[name]) != "ok"
    handed = tmp_path / "handed.xlsx"
    handed.write_bytes(verdict.package)
    assert hc.calamine_outcome(str(handed)) == "ok"


@pytest.mark.skipif(not HAVE_CALAMINE, reason="python-calamine not installed")
@pytest.mark.parametrize("name", [n for n, c in hc.CASES.items() if c.code is None])
def test_calamine_reads_what_the_screen_passes(corpus, name, tmp_path):
    """What the reader is given: the screen's package where there is one, else the file."""
    verdict = screen(_read(corpus[name]))
    path = corpus[name]
    if verdict.package is not None:
        path = str(tmp_path / "handed.xlsx")
        with open(path, "wb") as f:
            f.write(verdict.package)
    t = time.perf_counter()
    assert hc.calamine_outcome(path) == "ok"
    assert time.perf_counter() - t < 10


def test_a_cell_closed_with_a_space_is_still_seen():
    """`</c >` is a valid end tag: the cell holds content, wherever it lies."""
    far = single_sheet('<row r="1"><c r="A1"><v>1</v></c ></row>'
                       '<row r="150000"><c r="XFD150000"><v>5</v></c\n></row>')
    assert screen(far).code == UNSAFE
    near = single_sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="B3"><v>5</v></c ></row>')
    assert dict(screen(near).last_rows) == {"Sheet": 3}


def test_a_part_starting_with_many_spaces_is_still_scanned_as_xml():
    """A worksheet part not named .xml, its root after 80 spaces: still screened as XML."""
    base = hc.base_workbook()
    rels = hc.member(base, "xl/_rels/workbook.xml.rels").replace(b"worksheets/sheet1.xml", b"worksheets/sheet1.bin")
    sheet = b" " * 80 + (f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="900000"><c r="XFD900000"><v>1</v></c>'
                         '</row></sheetData></worksheet>').encode()
    data = hc.rewrite(base, {hc.SHEET1: None, "xl/_rels/workbook.xml.rels": rels},
                      add={"xl/worksheets/sheet1.bin": sheet})
    assert screen(data).code == UNSAFE


def test_merged_ranges_down_a_column_are_found_and_capped():
    """What the reader needs to give a merged value to each row it covers; beyond the cap, or
    when ranges overlap, none (merges never make a file unsafe, and a reader needs none)."""
    import zipfile

    from compiler.screen.sheet import MAX_MERGES
    from tests.helpers.hostile_build import rewrite

    def build(refs):
        data = single_sheet('<row r="1"><c r="A1"><v>1</v></c></row>')
        xml = zipfile.ZipFile(io.BytesIO(data)).read(hc.SHEET1).decode()
        merged = "<mergeCells>" + "".join(f'<mergeCell ref="{r}"/>' for r in refs) + "</mergeCells>"
        return rewrite(data, {hc.SHEET1: xml.replace("</sheetData>", "</sheetData>" + merged).encode()})

    verdict = screen(build(["B5:B7", "C2:E2", "A1:B3"]))
    assert verdict.code is None and verdict.merges == {"Sheet": ((5, 2, 7),)}
    many = screen(build([f"A{k}:A{k + 1}" for k in range(1, 2 * (MAX_MERGES + 2), 2)]))
    assert many.code is None and many.merges == {}
    overlapping = screen(build(["B4:B20003"] * 3 + ["C2:C3"]))   # each range would be walked again
    assert overlapping.code is None and overlapping.merges == {}
