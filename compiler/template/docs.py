"""The reference documentation of the workbook, generated from `schemas.standard`.

`python -m compiler.template.docs > docs/standar.md` rewrites it; a test keeps the committed copy
equal to what the declaration says, so the docs can never drift from the code.
"""
from __future__ import annotations

from schemas.standard import CHECKLIST, CHECKLIST_TITLE, IDENTITAS, RULES, TABLES, Column

KIND = {"date": "tanggal", "rp": "angka rupiah", "int": "angka bulat", "text": "teks",
        "nik": "NIK (16 digit, teks)", "phone": "nomor HP (teks)"}


def _what(col: Column) -> str:
    if col.allowed:
        shown = ", ".join(f"`{a}`" for a in col.allowed) if len(col.allowed) <= 8 else \
            f"salah satu dari {len(col.allowed)} pilihan (lihat lembar Petunjuk)"
        text = shown
    else:
        text = KIND[col.kind]
    rules = []
    if col.positive:
        rules.append("> 0")
    elif col.minimum is not None:
        rules.append(f">= {col.minimum:g}")
    if col.maximum is not None:
        rules.append("<= " + f"{col.maximum:,.0f}".replace(",", "."))
    if col.period_bound:
        rules.append("di dalam triwulan")
    if col.not_after_period:
        rules.append("tidak sesudah akhir triwulan")
    if col.not_future:
        rules.append("tidak di masa depan")
    if col.required_when:
        rules.append(f"wajib bila {col.required_when[0]} = {col.required_when[1]}")
    return text + (f" ({'; '.join(rules)})" if rules else "")


def _table(cols) -> list[str]:
    lines = ["| kolom | isi | wajib |", "|---|---|---|"]
    lines += [f"| {c.label} | {_what(c)} | {'ya' if c.required else '-'} |" for c in cols]
    return lines


def _locale() -> list[str]:
    """STANDARD 1.4 (1.1): how to type so that any computer reads right, and the thresholds of the
    rules that see what another locale or habit did, from the constants the reader uses."""
    from compiler.read.shifted import MAX_SHIFT, MIN_BLOCK, MIN_WRONG
    from compiler.read.values import SMALL_AMOUNT
    small = f"{SMALL_AMOUNT:,}".replace(",", ".")
    return [
        "## Bahasa (lokal) komputer, jumlah uang dan tanggal", "",
        "Atur bahasa (lokal) komputer ke Indonesia: di LibreOffice, *Tools > Options > Language Settings > "
        "Languages > Locale setting: Indonesian*; di Excel untuk Windows, *Control Panel > Region > Format: "
        "Indonesian (Indonesia)*. Apa pun pengaturannya, jumlah uang diketik sebagai angka tanpa titik "
        "(`112500`) dan tanggal sebagai tahun-bulan-tanggal (`2026-08-03`) selalu terbaca benar.", "",
        "Pemeriksaan hanya melihat nilai yang tersimpan, bukan yang diketik, jadi memberi tahu yang tidak wajar:",
        "",
        "- `amount-decimal`: jumlah rupiah (setiap kolom `(Rp)` dan Saldo Kas Awal) yang tersimpan sebagai angka "
        "tidak bulat: `112.500` di komputer berbahasa Inggris menjadi 112,5. Teks tidak dinilai begini: teks "
        "`112.500` dibaca 112500 (`number-as-text`).",
        f"- `amount-small` (peringatan): jumlah rupiah yang tersimpan sebagai angka di atas 0 dan di bawah "
        f"{small}: `360.000` menjadi 360. Saldo kas tidak dihitung bila ada jumlah seperti itu.",
        "- `date-swapped`: tanggal di lembar yang terikat triwulan, di luar triwulan, yang bila hari dan "
        "bulannya ditukar jatuh di dalamnya (`03/08/2026` tersimpan sebagai 8 Maret); atau Tanggal Laporan "
        "sebelum triwulan dimulai yang bila ditukar jatuh pada atau sesudah awal triwulan dan tidak sesudah "
        "hari ini. Tanggal yang kedua bacaannya di dalam triwulan tidak dapat dikenali. Tanggal teks dengan "
        "hari di atas 12 (`date-as-text`) mendapat saran memeriksa tanggal lain; saran itu dan `date-swapped` "
        "tidak pernah jatuh di sel yang sama.",
        "- Jumlah negatif (`value-range`) menyebut kebiasaan `,-`: `Rp 885.000,-` di komputer berbahasa "
        "Indonesia tersimpan sebagai -885000.",
        "- `sheet-extra-data`: lembar tambahan yang memuat baris judul kolom sebuah buku (semua judul wajibnya) "
        "dan paling sedikit satu baris data di bawahnya. Baris data di sini mengisi paling sedikit dua pertiga "
        "kolom wajib buku itu (paling sedikit dua), sehingga baris jumlah bukan baris data. Lembar catatan, "
        "lembar foto, dan salinan baris judul saja tetap `sheet-unknown` (peringatan).",
        f"- `columns-shifted`: paling sedikit {MIN_BLOCK} baris data berturut-turut yang bergeser sama jauh, "
        f"1 sampai {MAX_SHIFT} kolom ke kanan atau ke kiri. Sebuah baris bergeser bila, dibaca apa adanya, "
        f"paling sedikit {MIN_WRONG} sel bertipe (tanggal, rupiah, angka bulat, pilihan, NIK) salah atau, bila "
        "wajib, kosong (cukup 1 di lembar yang hanya punya satu kolom bertipe), dan dibaca bergeser semua sel "
        f"bertipe yang berisi benar dan jumlahnya lebih banyak (paling sedikit {MIN_WRONG}). Dilaporkan sekali, "
        "di baris pertama blok, menggantikan temuan sel-selnya. Baris jumlah, Keterangan yang ditulis melebar "
        "ke beberapa kolom, dan dua baris yang kebetulan salah bukan blok.", ""]


def _quarter_notes() -> list[str]:
    """How the quarter's rules read STANDARD 2 where it leaves room."""
    from compiler.quarter.outliers import FACTOR, MIN_COUNT_MEDIAN, MIN_VALUES

    return ["## Aturan satu triwulan", "",
            f"- `value-outlier` (peringatan): nilai lebih dari {FACTOR} kali nilai tengah (median) kabupaten dari "
            f"nilai positif kolom yang sama di laporan yang dihitung, bila nilainya paling sedikit {MIN_VALUES}. "
            "Semua kolom rupiah dan Saldo Kas Awal dinilai. Kolom jumlah (angka bulat) dinilai hanya bila nilai "
            f"tengahnya paling sedikit {MIN_COUNT_MEDIAN}: Jumlah Penerima dan Jumlah barang Inventaris yang "
            "kebanyakan berisi 1 tidak punya ukuran yang lazim, sehingga setiap kegiatan kelompok akan tampak "
            "janggal.", ""]


def render() -> str:
    out = ["# Standar buku kerja WKSBM", "",
           "Dibuat otomatis dari `schemas/standard.py` (`python -m compiler.template.docs`). Jangan diubah dengan tangan.",
           "", f"## {IDENTITAS.name}", "", "Formulir: judul di kolom A, isian di kolom B.", ""]
    out += _table(IDENTITAS.columns)
    out += ["", f"**{CHECKLIST_TITLE}** (isi `Ya` atau `Tidak`): " + ", ".join(CHECKLIST) + ".", ""]
    for sheet in TABLES:
        bound = "hanya kejadian di triwulan yang dilaporkan" if sheet.period_bound else "keadaan akhir triwulan"
        out += [f"## {sheet.name}", "", f"{sheet.book} ({bound}). Kolom `No` boleh ada dan tidak diperiksa.", ""]
        out += _table(sheet.columns) + [""]
    out += _locale()
    out += _quarter_notes()
    out += ["## Kode temuan", "", "| kode | tingkat | letak | pesan |", "|---|---|---|---|"]
    out += [f"| `{r.code}` | {r.severity} | {r.where} | {r.message} |" for r in RULES.values()]
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
