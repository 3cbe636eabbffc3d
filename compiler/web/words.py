"""What the WKSBM page says, in plain Bahasa Indonesia: dates, quarters, statuses, next steps."""
from __future__ import annotations

import datetime as dt

from compiler.archive.db import WIB, parse_stamp
from compiler.model import period

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember")


def tanggal(day: dt.date) -> str:
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def waktu(stamp: str) -> str:
    """A stored UTC receipt time, as a clock in Bantul shows it."""
    local = parse_stamp(stamp).astimezone(WIB)
    return f"{tanggal(local.date())}, pukul {local:%H.%M} WIB"


def triwulan(tahun, tw) -> str:
    if tahun is None or tw is None:
        return "Triwulan tidak terbaca"
    first, last = period.bounds(tahun, tw)
    return f"Triwulan {tw} {tahun} ({BULAN[first.month - 1]}–{BULAN[last.month - 1]})"


STATUS = {
    "dihitung": "Diterima dan dihitung",
    "perlu_perbaikan": "Perlu perbaikan",
    "diganti": "Diganti unggahan yang lebih baru",
}


def headline(u: dict) -> str:
    """The result of an upload in one sentence."""
    state, e, w = u["status_now"], u["errors"], u["warnings"]
    if state == "diganti":
        return "Unggahan ini sudah diganti oleh unggahan yang lebih baru; yang dihitung adalah yang terbaru."
    if e:
        return (f"Laporan diterima, tetapi ada {e} kesalahan yang harus diperbaiki. Laporan ini belum dihitung "
                "dalam rekap sampai diperbaiki dan dikirim lagi.")
    if w:
        return (f"Laporan diterima dan dihitung. Ada {w} hal yang sebaiknya diperiksa, tetapi tidak wajib "
                "diperbaiki.")
    return "Laporan diterima dan dihitung. Tidak ada yang perlu diperbaiki. Terima kasih!"


def next_steps(u: dict) -> list[str]:
    if u["status_now"] == "diganti":
        return ["Lihat hasil unggahan terbaru di bawah, pada Riwayat unggahan."]
    if u["errors"] and not any(f["lembar"] and f["tingkat"] == "error" for f in u["findings"]):
        return ["Ikuti petunjuk pada pesan kesalahan di atas: yang perlu diperbaiki adalah berkasnya sendiri.",
                "Kirim lagi berkas yang sudah diperbaiki lewat formulir di halaman ini. Yang dihitung adalah "
                "unggahan terbaru."]
    if u["errors"]:
        steps = ["Unduh salinan perbaikan di bawah: sel yang salah ditandai merah dan diberi catatan."] \
            if u.get("copy_sha256") else []
        return steps + ["Perbaiki setiap sel yang disebut dalam daftar, di buku kerja Anda sendiri atau di salinan itu.",
                        "Simpan sebagai .xlsx, lalu kirim lagi lewat formulir di halaman ini. Yang dihitung adalah "
                        "unggahan terbaru."]
    if u["warnings"]:
        return ["Periksa hal-hal di daftar. Bila semuanya sudah benar, tidak perlu mengirim lagi.",
                "Bila Anda memperbaiki sesuatu, kirim lagi berkasnya; yang dihitung adalah unggahan terbaru."]
    return ["Tidak perlu mengirim lagi. Bila ada perubahan, kirim berkas yang baru; yang dihitung adalah "
            "unggahan terbaru."]


TINGKAT = {"error": "Kesalahan", "warning": "Perlu diperiksa"}


def ordered(findings: list[dict]) -> list[dict]:
    """Errors first, then by sheet and row, as the volunteer goes through the workbook."""
    return sorted(findings, key=lambda f: (f["tingkat"] != "error", f["lembar"] != "", f["lembar"],
                                           f["baris"] if isinstance(f["baris"], int) else 0))


def groups(findings: list[dict], many: int = 12) -> list[tuple[str, list[dict]]]:
    """Few findings: one list. Many: one group per sheet (file-level first), errors first."""
    rows = ordered(findings)
    if len(rows) <= many:
        return [("", rows)]
    out: dict[str, list] = {}
    for f in rows:
        out.setdefault(f["lembar"] or "Berkas", []).append(f)
    return list(out.items())
