"""Hostile and odd workbooks for the screening tests, built at test time (no committed binaries).

The builders live in hostile_files (not Excel at all), hostile_zip (the container),
hostile_xml (entities, encodings), hostile_grid (sheets, cells, styles, shared strings) and
hostile_good (unusual but well-formed); each returns the file's bytes. `CASES` maps a case
name to its builder, the expected verdict code and, where useful, a fragment of the reason.

Run ``python -m tests.helpers.hostile_corpus`` to print, for each case, the time and the
tracemalloc peak of `screen()`; ``--calamine`` also runs python-calamine on the raw bytes
of each case in a memory-limited subprocess and reports how it ends.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from typing import Callable

from compiler.screen.gate import UNREADABLE, UNSAFE, screen
from tests.helpers.hostile_build import (SHEET1, base_workbook, member, rewrite, set_sheet_xml, sst,
                           with_shared_strings)
from tests.helpers.hostile_files import (encrypted, legacy_xls, macro_content_type_only, macro_renamed_xlsx,
                           macro_xlsm, ods, plain_zip, renamed_csv, renamed_docx, renamed_html, renamed_pdf,
                           truncated, xlm_macrosheet, zero_bytes)
from tests.helpers.hostile_good import (date1904_openpyxl, date1904_true, formula_error, no_refs_sheet,
                          prefixed_sheet, rich_inline_text, template_content_type)
from tests.helpers.hostile_grid import (cell_at_xfd1048576, cell_col_xfe, cell_row_1048577, dimension_bomb,
                          empty_cell_out_of_grid, far_corner_data, long_number_text, malformed_ref,
                          mixed_prefix_hidden_cell, non_finite, non_finite_single_quotes, sheets_301, sheets_3000,
                          sst_amplification, sst_index_negative, sst_index_out_of_range, sst_missing, sst_ok,
                          stray_value_far_down, styled_rows_200k, styles_bomb, styles_many_xf_small, unclosed_tags,
                          unclosed_values, unopened_inline_strings)
from tests.helpers.hostile_xml import (billion_laughs, doctype_in_unlisted_member, doctype_lowercase_in_rels,
                         doctype_split_across_chunks, ebcdic_declared, quadratic_blowup, utf16_doctype,
                         utf16_doctype_custom_xml, utf16_part, utf16_without_bom, utf32_part, xxe_file, xxe_url)
from tests.helpers.hostile_zip import (absolute_path, bad_crc, bzip2_member, drive_path, duplicate_member,
                         duplicate_member_case, local_header_mismatch, path_traversal, size_declared_wrong,
                         size_declared_wrong_everywhere, size_understated, too_many_members,
                         utf8_name_without_flag, zip_bomb, zip_bomb_forged_sizes, zip_bomb_small_ratio_lie,
                         zip_encrypted_entries)

# What the tests use besides the cases themselves.
__all__ = ["CASES", "Case", "build_all", "calamine_outcome", "SHEET1", "base_workbook", "member", "rewrite",
           "set_sheet_xml", "sst", "with_shared_strings", "xxe_url", "styled_rows_200k"]


@dataclass(frozen=True)
class Case:
    build: Callable[[], bytes]
    code: str | None
    reason: str = ""             # a fragment the verdict's reason must contain
    calamine_aborts: bool = False


CASES: dict[str, Case] = {
    "zero_bytes": Case(zero_bytes, UNREADABLE, "Berkas kosong (0 byte)."),
    "encrypted": Case(encrypted, UNREADABLE, "dilindungi kata sandi"),
    "legacy_xls": Case(legacy_xls, UNREADABLE, "format Excel lama (.xls)"),
    "renamed_csv": Case(renamed_csv, UNREADABLE, "CSV"),
    "renamed_html": Case(renamed_html, UNREADABLE, "HTML"),
    "renamed_pdf": Case(renamed_pdf, UNREADABLE, "Berkas ini sebenarnya PDF, bukan Excel."),
    "renamed_docx": Case(renamed_docx, UNREADABLE, "Berkas ini dokumen Word (.docx), bukan Excel."),
    "ods": Case(ods, UNREADABLE, "Berkas ini format OpenDocument (.ods). Simpan ulang sebagai .xlsx (Excel Workbook)."),
    "plain_zip": Case(plain_zip, UNREADABLE, "arsip ZIP"),
    "truncated": Case(truncated, UNREADABLE, "rusak atau tidak lengkap"),
    "macro_xlsm": Case(macro_xlsm, UNSAFE, "makro"),
    "macro_renamed_xlsx": Case(macro_renamed_xlsx, UNSAFE, "makro"),
    "macro_content_type_only": Case(macro_content_type_only, UNSAFE, "makro"),
    "xlm_macrosheet": Case(xlm_macrosheet, UNSAFE, "makro"),
    "zip_bomb": Case(zip_bomb, UNSAFE, "bom dekompresi", calamine_aborts=True),
    "zip_bomb_forged_sizes": Case(zip_bomb_forged_sizes, UNSAFE, "bom dekompresi"),
    "zip_bomb_ratio": Case(zip_bomb_small_ratio_lie, UNSAFE, "bom dekompresi"),
    "bzip2_member": Case(bzip2_member, UNSAFE, "dipadatkan"),
    "duplicate_member": Case(duplicate_member, UNSAFE, "dua kali"),
    "duplicate_member_case": Case(duplicate_member_case, UNSAFE, "dua kali"),
    "path_traversal": Case(path_traversal, UNSAFE, "nama bagian"),
    "absolute_path": Case(absolute_path, UNSAFE, "nama bagian"),
    "drive_path": Case(drive_path, UNSAFE, "nama bagian"),
    "utf8_name_without_flag": Case(utf8_name_without_flag, UNREADABLE, "tidak baku"),
    "local_header_mismatch": Case(local_header_mismatch, UNSAFE, "ZIP"),
    "zip_encrypted_entries": Case(zip_encrypted_entries, UNREADABLE, "kata sandi"),
    "too_many_members": Case(too_many_members, UNSAFE, "terlalu banyak bagian"),
    "billion_laughs": Case(billion_laughs, UNSAFE, "DOCTYPE"),
    "quadratic_blowup": Case(quadratic_blowup, UNSAFE, "DOCTYPE"),
    "xxe_file": Case(xxe_file, UNSAFE, "DOCTYPE"),
    "doctype_lowercase_in_rels": Case(doctype_lowercase_in_rels, UNSAFE, "DOCTYPE"),
    "doctype_split_across_chunks": Case(doctype_split_across_chunks, UNSAFE, "DOCTYPE"),
    "doctype_in_unlisted_member": Case(doctype_in_unlisted_member, UNSAFE, "DOCTYPE"),
    "utf16_doctype": Case(utf16_doctype, UNSAFE, "DOCTYPE"),
    "utf16_doctype_custom_xml": Case(utf16_doctype_custom_xml, UNSAFE, "DOCTYPE"),
    "utf16_without_bom": Case(utf16_without_bom, UNSAFE, "penyandian"),
    "utf32_part": Case(utf32_part, UNSAFE, "penyandian"),
    "ebcdic_declared": Case(ebcdic_declared, UNSAFE, "penyandian"),
    "sheets_3000": Case(sheets_3000, UNSAFE, "terlalu banyak lembar"),
    "sheets_301": Case(sheets_301, UNSAFE, "terlalu banyak lembar"),
    "dimension_bomb": Case(dimension_bomb, None),
    "cell_at_xfd1048576": Case(cell_at_xfd1048576, UNSAFE, "terlalu luas", calamine_aborts=True),
    "cell_col_xfe": Case(cell_col_xfe, UNSAFE, "XFE1"),
    "cell_row_1048577": Case(cell_row_1048577, UNSAFE, "1048577"),
    "empty_cell_out_of_grid": Case(empty_cell_out_of_grid, UNSAFE, "XFE1"),
    "malformed_ref": Case(malformed_ref, UNSAFE, "1A"),
    "far_corner_data": Case(far_corner_data, UNSAFE, "terlalu luas", calamine_aborts=True),
    "stray_value_far_down": Case(stray_value_far_down, UNSAFE, "baris 1.048.575"),
    "mixed_prefix_hidden_cell": Case(mixed_prefix_hidden_cell, UNSAFE, "terlalu luas", calamine_aborts=True),
    "styles_bomb": Case(styles_bomb, UNSAFE, "styles.xml"),
    "styles_many_xf_small": Case(styles_many_xf_small, UNSAFE, "format sel"),
    "bad_crc": Case(bad_crc, UNREADABLE, "rusak"),
    "size_understated": Case(size_understated, UNREADABLE, "rusak"),
    "size_declared_wrong_everywhere": Case(size_declared_wrong_everywhere, UNSAFE, "bom dekompresi"),
    "sst_index_out_of_range": Case(sst_index_out_of_range, UNREADABLE, "sel B1"),
    "sst_index_negative": Case(sst_index_negative, UNREADABLE, "sel A1"),
    "sst_missing": Case(sst_missing, UNREADABLE, "teks yang tidak ada"),
    "non_finite_NaN": Case(non_finite("NaN"), UNREADABLE, "sel B1 di lembar 'Sheet' berisi angka tidak sah"),
    "non_finite_INF": Case(non_finite("INF"), UNREADABLE, "angka tidak sah"),
    "non_finite_inf": Case(non_finite("inf"), UNREADABLE, "angka tidak sah"),
    "non_finite_1e999": Case(non_finite("1e999"), UNREADABLE, "angka tidak sah"),
    "non_finite_single_quotes": Case(non_finite_single_quotes, UNREADABLE, "sel B1"),
    "long_number_text": Case(long_number_text, UNREADABLE, "sel B1 di lembar 'Sheet' berisi angka tidak sah"),
    "unopened_inline_strings": Case(unopened_inline_strings, UNSAFE, "terlalu luas"),
    "unclosed_values": Case(unclosed_values, UNSAFE, "XFE1"),
    "unclosed_tags": Case(unclosed_tags, UNSAFE, "terlalu luas"),
    # well-formed: must pass
    "base_workbook": Case(base_workbook, None),
    "styled_rows_200k": Case(styled_rows_200k, None),
    "sst_ok": Case(sst_ok, None),
    "formula_error": Case(formula_error, None),
    "date1904_openpyxl": Case(date1904_openpyxl, None),
    "date1904_true": Case(date1904_true, None),
    "template_content_type": Case(template_content_type, None),
    "prefixed_sheet": Case(prefixed_sheet, None),
    "no_refs_sheet": Case(no_refs_sheet, None),
    "rich_inline_text": Case(rich_inline_text, None),
    "number_forms": Case(non_finite("-1.5E-3"), None),
    # only a declared count is wrong, or UTF-16 with its BOM: read (STANDARD 1.1, issue 18); the
    # reader is handed the package with the true count / in UTF-8, never the file
    "sst_amplification": Case(sst_amplification, None, calamine_aborts=True),
    "utf16_part": Case(utf16_part, None),
    "size_declared_wrong": Case(size_declared_wrong, None),
}


def build_all(directory) -> dict[str, str]:
    """Write every case into `directory` (as <name>.xlsx); returns name -> path."""
    paths = {}
    for name, case in CASES.items():
        path = os.path.join(directory, name + ".xlsx")
        with open(path, "wb") as f:
            f.write(case.build())
        paths[name] = path
    return paths


CALAMINE_PROBE = r"""
import io, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
import python_calamine as pc
data = open(sys.argv[1], "rb").read()
wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
for name in wb.sheet_names:
    wb.get_sheet_by_name(name).to_python()
print("ok")
"""


def calamine_outcome(path: str, timeout: float = 60) -> str:
    """How python-calamine ends on the raw file, in a subprocess limited to 2 GB of address space."""
    try:
        p = subprocess.run([sys.executable, "-c", CALAMINE_PROBE, path], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout"
    if p.returncode < 0:
        return f"killed by {signal.Signals(-p.returncode).name}"
    if p.returncode:
        last = p.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        return "exception: " + last[0][:80]
    return "ok"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calamine", action="store_true", help="also run python-calamine on each raw case")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = build_all(tmp)
        print(f"{'case':32} {'size':>10} {'ms':>8} {'peak MB':>8}  verdict")
        for name, case in CASES.items():
            data = open(paths[name], "rb").read()
            best = min(_timed(screen, data) for _ in range(3))
            tracemalloc.start()
            verdict = screen(data)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            line = (f"{name:32} {len(data):>10,} {best * 1000:>8.1f} {peak / 2**20:>8.1f}  "
                    f"{verdict.code or 'ok'}: {verdict.sebab[:70]}")
            if args.calamine:
                line += f"  | calamine: {calamine_outcome(paths[name])}"
            print(line, flush=True)
            del data


def _timed(fn, data) -> float:
    t = time.perf_counter()
    fn(data)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
