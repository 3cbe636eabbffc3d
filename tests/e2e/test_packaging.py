"""Nothing valid refused (issue 18): the same clean workbook as other producers package it
validates clean, and every defence holds in the encodings now read."""
from __future__ import annotations

from pathlib import Path

import pytest

from compiler.api import validate_files
from compiler.screen.gate import UNREADABLE, screen
from tests.helpers import packagings as pk
from tests.helpers.builder import Book

SAMPLE = sorted(Path(__file__).resolve().parents[2].joinpath("sample_workbooks").glob("*.xlsx"))[0]


def _found(path):
    (result,) = validate_files([path], workers=1)
    return sorted((f.sheet, f.cell, f.code, f.severity) for f in result.findings)


@pytest.mark.parametrize("name", [n for n in pk.PACKAGINGS if n != "shared_strings_absurd_count"])
def test_a_clean_workbook_packaged_otherwise_validates_clean(name, tmp_path):
    clean = Book().write(tmp_path / "bersih.xlsx")
    other = tmp_path / f"{name}.xlsx"
    other.write_bytes(pk.PACKAGINGS[name](clean.read_bytes()))
    assert screen(other.read_bytes()).code is None
    assert _found(clean) == [] and _found(other) == []


def test_an_absurd_shared_strings_count_is_corrected_not_refused(tmp_path):
    """count="8876876876876" holding a few hundred strings: the reader gets the true count and
    the workbook reads as before (a sample written with shared strings, as Excel writes)."""
    other = tmp_path / "hitungan.xlsx"
    other.write_bytes(pk.shared_strings_absurd_count(SAMPLE.read_bytes()))
    verdict = screen(other.read_bytes())
    assert verdict.code is None and verdict.package is not None
    assert b'count="8876876876876"' not in verdict.package
    assert _found(other) == _found(SAMPLE)


def test_a_member_with_a_bad_crc_is_damaged_not_a_bomb():
    from tests.helpers.hostile_zip import bad_crc, size_understated
    for data in (bad_crc(), size_understated()):
        verdict = screen(data)
        assert verdict.code == UNREADABLE and "rusak" in verdict.sebab and "bom" not in verdict.sebab


def test_the_main_part_is_found_through_the_relationships_not_its_name(tmp_path):
    """A Word document typed as a workbook by name only is still not a workbook: the package
    relationships name its main part."""
    import re

    from tests.helpers.hostile_build import member, rewrite
    clean = Book().write(tmp_path / "bersih.xlsx").read_bytes()
    rels = member(clean, "_rels/.rels").decode()
    rels = re.sub(r'Target="/?xl/workbook.xml"', 'Target="xl/tidak-ada.xml"', rels)
    verdict = screen(rewrite(clean, {"_rels/.rels": rels.encode()}))
    assert verdict.code is None          # no such part: the Override typing xl/workbook.xml decides
    ct = member(clean, "[Content_Types].xml").decode().replace(pk.CT_MAIN, "application/xml")
    verdict = screen(rewrite(clean, {"[Content_Types].xml": ct.encode()}))
    assert verdict.code == UNREADABLE and "bagian utamanya tidak ditemukan" in verdict.sebab
