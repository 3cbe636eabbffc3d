"""Parse one cell as the standard's kind, leniently where the intent is certain (STANDARD 1.4).

Each parser returns (value, code, extra): value is the typed value or None; code is None,
a warning code (the value is still accepted) or an error code (value is None); extra holds
what the message needs (e.g. how a text date was read). Parsing is per cell so that one bad
cell never turns a whole column into text.
"""
from __future__ import annotations

import datetime as dt
import difflib
import math
import re

from schemas.standard import (DATE, ENUM, INT, KALURAHAN_WORDS, KAPANEWON_WORDS, NIK, PHONE, RP, Column,
                              enum_lookup, norm, visible)

EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!"})

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8,
    "agu": 8, "agt": 8, "agus": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
    "okt": 10, "november": 11, "nopember": 11, "nov": 11, "nop": 11, "desember": 12, "des": 12,
}
_DMY = re.compile(r"^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})$")   # 17/08/2026, 17-08-2026, 17.08.2026
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{4})$")
_NUMBER = re.compile(r"^(?:rp\.?\s*)?(-?)\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+|-)|\.-)?$")
_PHONE = re.compile(r"^(\+62|62|0)[\d\s.-]{6,20}$")
_PHONE_NOTE = re.compile(r"\s*\((?:wa|whatsapp|hp|rumah|kantor)\)\s*$|\s*(?:wa|whatsapp)\s*$", re.I)

OK = (None, None, None)


_DIGITS = frozenset("0123456789")
_DASHES = "-\u2013\u2014"   # "-" (or a dash or several) is how Indonesian forms say "none"


# What people write in a cell for "nothing here": an empty optional cell, a missing required one.
_NOTHING = frozenset({"nihil", "kosong", "tidak ada", "tdk ada", "belum ada", "tidak punya", "belum punya",
                      "tidak tahu", "tidak diketahui"})
_FIRST = frozenset("".join(w[0] + w[0].upper() for w in _NOTHING))


def is_empty(raw: object) -> bool:
    """Nothing typed: no value, only spaces, a dash ("-" for "none"), or "NIHIL"."""
    if raw is None:
        return True
    if not isinstance(raw, str):
        return False
    text = raw.strip()
    if not text.isprintable():   # "NIHIL" or "-" with a character no one sees is still nothing
        text = visible(text).strip()
    if not text:
        return True
    if text[0] in _DASHES:
        return not text.strip(_DASHES)
    return len(text) == 5 and text.casefold() == "nihil"


def says_none(raw: object) -> bool:
    """Empty, or words for "none" ("tidak ada", "belum punya"...): for a cell where such words
    cannot be the value itself (a date, an amount, a NIK, a phone number, an optional note).
    In a required text ("Alamat: Tidak diketahui") they are the value, and stay."""
    if is_empty(raw):
        return True
    if not isinstance(raw, str):
        return False
    text = raw.strip()
    if text[0] not in _FIRST or len(text) > 16:   # no word for "none" starts so or is that long
        return False
    return " ".join(text.casefold().split()) in _NOTHING


def as_text(raw: object) -> str:
    """The value as the person would read it, for messages and the findings list."""
    if raw is None:
        return ""
    if isinstance(raw, float):
        if raw.is_integer() and abs(raw) < 1e15:
            return str(int(raw))
        # as Excel shows it: a decimal comma, and a long number in its short form (3,40201E+15)
        return f"{raw:.6G}".replace(".", ",") if abs(raw) >= 1e15 else f"{raw:.15g}".replace(".", ",")
    if isinstance(raw, dt.timedelta):   # a number under a time format: shown as Excel shows [h]:mm:ss
        total = round(raw.total_seconds())
        return f"{'-' if total < 0 else ''}{abs(total) // 3600}:{abs(total) // 60 % 60:02d}:{abs(total) % 60:02d}"
    if isinstance(raw, dt.datetime):
        return raw.strftime("%d/%m/%Y") if raw.time() == dt.time() else raw.strftime("%d/%m/%Y %H:%M")
    if isinstance(raw, dt.date):
        return raw.strftime("%d/%m/%Y")
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    text = raw if type(raw) is str else str(raw)
    return (text if text.isprintable() else visible(text)).strip()


def fmt_date(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
               "Oktober", "November", "Desember")


def long_date(d: dt.date) -> str:
    """3 Juli 2026: which of day and month was read, beyond doubt."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def fmt_rp(x: float) -> str:
    """Indonesian thousands form: 1500000 -> 1.500.000 (a number too long for that: as Excel shows it)."""
    if abs(x) >= 1e15 or not math.isfinite(x):
        return as_text(float(x))
    whole = f"{abs(x):,.0f}".replace(",", ".")
    return ("-" if x < 0 else "") + whole


def _make_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


_EXCEL_EPOCH = dt.date(1899, 12, 30)   # Excel's day 0 (after its 29/02/1900, which never was)
_YEARS = range(1900, 2101)             # a year typed alone


def _year_only(year: int, excel: bool = False) -> dict:
    return {"sebab": f"tampaknya tahun {year} yang diketik saja, lalu Excel mengubahnya menjadi tanggal" if excel
            else "hanya berisi tahun", "saran": f"Ketik tanggal lengkapnya, misalnya 17/08/{year}."}


def parse_date(raw: object):
    if isinstance(raw, dt.datetime):
        if raw.time() == dt.time():
            return parse_date(raw.date())
        return raw.date(), None, None
    if isinstance(raw, dt.date):
        # A year typed into a date-formatted cell is Excel's day number that year: 1975 is
        # 28/05/1905. No date in a WKSBM book is in 1905, so this is certain enough to say.
        if raw.year == 1905 and (raw - _EXCEL_EPOCH).days in _YEARS:
            return None, "type-date", _year_only((raw - _EXCEL_EPOCH).days, excel=True)
        return raw, None, None
    if isinstance(raw, str):
        s = visible(raw).strip().casefold()
        found = None
        shaped, month = True, True
        if m := _DMY.match(s):
            found = _make_date(int(m[4]), int(m[3]), int(m[1]))
        elif m := _YMD.match(s):
            found = _make_date(int(m[1]), int(m[2]), int(m[3]))
        elif m := _WORDS.match(s):
            month = m[2] in MONTHS
            found = _make_date(int(m[3]), MONTHS[m[2]], int(m[1])) if month else None
        else:
            shaped = False
        if found is not None:
            retype = "tanggalnya" if s == found.isoformat() else f"sebagai {found.isoformat()} (tahun-bulan-tanggal, " \
                "bentuk yang terbaca benar di komputer mana pun)"
            fields = {"dibaca": long_date(found), "saran": f"Agar Excel mengenalinya sebagai tanggal, ubah format "
                                                             f"selnya menjadi Tanggal, lalu ketik ulang {retype}."}
            if m and m.re is _DMY and found.day > 12:   # a computer reading month first leaves such as text
                fields["tertukar"] = (" Bila tanggal yang Anda ketik berubah sendiri menjadi teks, komputer Anda "
                                      "mungkin membaca tanggal sebagai bulan/hari: periksa juga tanggal lain yang "
                                      "harinya 12 atau kurang, mungkin hari dan bulannya tertukar.")
            return found, "date-as-text", fields
        if not month:
            return None, "type-date", {"sebab": "nama bulannya tidak dikenali"}
        return None, "type-date", _not_a_date(s, shaped)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if raw in _YEARS:   # a year in a General cell (1975.0 too)
            return None, "type-date", _year_only(int(raw))
        if not 0 < raw < 2958466:   # no day of Excel's calendar: a NIK or an amount in the wrong cell
            return None, "type-date", {"sebab": "berupa angka yang tidak mungkin tanggal (mungkin isi kolom "
                                                "lain)"}
        return None, "type-date", {"sebab": "berupa angka, bukan tanggal: ubah format selnya menjadi Tanggal, lalu "
                                            "ketik ulang tanggalnya"}
    if isinstance(raw, (dt.time, dt.timedelta)):
        return None, "type-date", {"sebab": "berisi jam, bukan tanggal"}
    return None, "type-date", {"sebab": "tidak dikenali"}


def _not_a_date(s: str, shaped: bool) -> dict:
    """Why a text is no date, and what to type if that is known, for the message."""
    if shaped and (m := _DMY.match(s)) and int(m[3]) > 12 >= int(m[1]) > 0:
        day, month = int(m[3]), int(m[1])    # typed month first, the US way
        if _make_date(int(m[4]), month, day):
            return {"sebab": f"ditulis bulan dulu (tidak ada bulan {day})",
                    "saran": f"Ketik hari dulu: {day:02d}/{month:02d}/{m[4]}."}
    if shaped:
        return {"sebab": "tidak ada di kalender: periksa tanggal dan bulannya"}
    if (m := _MONTH_YEAR.match(s)) and m[1] in MONTHS:
        return {"sebab": "belum berisi hari", "saran": f"Ketik tanggal lengkapnya, misalnya 17/{MONTHS[m[1]]:02d}/{m[2]}."}
    if re.fullmatch(r"\d{1,2}\s*([/.-])\s*\d{1,2}\s*\1\s*\d{2}", s):
        return {"sebab": "tahunnya perlu ditulis 4 angka"}
    if re.fullmatch(r"\d{4}", s) and int(s) in _YEARS:
        return _year_only(int(s))
    if re.fullmatch(r"\d{5}(?:\.\d+)?", s):
        return {"sebab": "tampaknya nomor tanggal Excel: ubah format selnya menjadi Tanggal"}
    return {"sebab": "tidak dikenali"}


_ENGLISH_THOUSANDS = re.compile(r"^(?:rp\.?\s*)?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$")
_AMBIGUOUS = {"sebab": " yang jelas: komanya bisa berarti ribuan atau desimal"}
_NOT_WHOLE = {"sebab": " rupiah yang bulat"}


def _number_from_text(s: str, whole: bool, integer: bool) -> tuple[float | None, dict | None]:
    """The number in an Indonesian-form text, or None and why not (for the message). Without a
    dot grouping thousands, a comma before exactly three digits ("850,000") may be a thousands
    mark typed the English way; and rupiah are whole, so a fraction ("1,5", which may mean
    "1,5 juta") is not read either. "1.500.000,00" and "850.000,000" are certain."""
    text = " ".join(s.casefold().split()).replace("rp ", "rp")
    if re.fullmatch(r"rp\.?\s*[-\u2013\u2014]+", text):
        return 0.0, None                 # "Rp -": Excel's accounting form of zero
    m = _NUMBER.match(text)
    if not m and _ENGLISH_THOUSANDS.match(text):
        return None, {"sebab": ": komanya dipakai sebagai pemisah ribuan, padahal pemisah ribuan adalah titik"}
    if not m or (integer and text.startswith("rp")):
        return None, None
    fraction = m[3] if m[3] and m[3] != "-" else ""
    grouped = "." in m[2]                # "1.500.000,50": dots group thousands, so the comma is decimal
    if len(fraction) == 3 and not grouped:
        return None, _AMBIGUOUS
    if whole and fraction.strip("0"):
        return None, _NOT_WHOLE          # whole rupiah (STANDARD 1.2): "1,5" may mean "1,5 juta"
    value = float(m[2].replace(".", ""))
    if fraction:
        value += float("0." + fraction)
    return (-value if m[1] else value), None


def parse_number(raw: object, integer: bool = False, whole: bool = False):
    """`integer`: a whole number (type-integer); `whole`: rupiah, where a text's fraction must
    be zeros unless dots group its thousands (`_number_from_text`)."""
    bad = "type-integer" if integer else "type-number"
    if isinstance(raw, bool):
        return None, bad, None
    if isinstance(raw, (int, float)):
        if not math.isfinite(raw):
            return None, bad, None
        if integer and not float(raw).is_integer():
            return None, bad, None
        if whole:
            return _stored_amount(float(raw))
        return float(raw), None, None
    if isinstance(raw, str):
        raw = visible(raw)
        value, why = _number_from_text(raw, whole, integer)
        if value is not None and not math.isfinite(value):
            return None, bad, {"sebab": " yang wajar: angkanya terlalu panjang"}
        if value is not None and not (integer and not value.is_integer()):
            typed = raw.casefold()
            marks = [w for w, there in (("Rp", "rp" in typed), ("titik", "." in typed), ("koma", "," in typed))
                     if there]
            return value, "number-as-text", {
                "dibaca": str(int(value)) if integer else fmt_rp(value),
                "tanpa": " tanpa " + ", ".join(marks[:-1]) + " dan " * (len(marks) > 1) + marks[-1] if marks else "",
                "contoh": as_text(value)}
        return None, bad, why or _why_not_number(raw, integer)
    return None, bad, None


SMALL_AMOUNT = 1000   # a rupiah amount above 0 and under this is most likely "112.000" read as 112 (STANDARD 1.4)
_DOT_AS_DECIMAL = "komputer Anda membaca titik sebagai koma desimal (pengaturan bahasa Inggris)."


def _stored_amount(value: float):
    """A rupiah amount stored as a number: what a computer set to English did to "112.500"
    (112.5: amount-decimal) or "761.000" (761: amount-small) is said, with the number meant.
    Text is never judged so: "112.500" as text is read the Indonesian way (`_number_from_text`)."""
    if not value.is_integer():
        meant = round(value * 1000, 6)
        if 0 < value < 1_000_000 and meant.is_integer():
            return None, "amount-decimal", {"dibaca": as_text(value), "sebab": _DOT_AS_DECIMAL,
                                            "contoh": str(int(meant)), "tanpa": " (tanpa titik)"}
        return None, "amount-decimal", {"dibaca": as_text(value), "sebab": "rupiah harus bulat, tanpa sen.",
                                        "contoh": str(abs(round(value))), "tanpa": " (angka bulat, tanpa koma)"}
    if 0 < value < SMALL_AMOUNT:
        return value, "amount-small", {"dibaca": as_text(value), "sebab": "mungkin " + _DOT_AS_DECIMAL,
                                       "contoh": str(int(value * 1000))}
    return value, None, None


_WITH_WORDS = re.compile(r"^(?:rp\.?\s*)?(\d+(?:[.,]\d+)*)\s*([a-z][a-z. ]*)$")
_SCALE = {"ribu": 1_000, "ribuan": 1_000, "rb": 1_000, "juta": 1_000_000, "jutaan": 1_000_000, "jt": 1_000_000,
          "miliar": 1_000_000_000, "milyar": 1_000_000_000, "m": 1_000_000_000}
_RUPIAH = {"rupiah", "rp"}


def _why_not_number(text: str, integer: bool) -> dict | None:
    """A number written with words ("750 ribu", "2 buah"): the number to type instead, only when
    it is certain ("1.500 ribu" is 1.500.000; "1.5 juta" may be English: no number)."""
    m = _WITH_WORDS.match(" ".join(text.casefold().split()))
    if not m:
        return None
    number, words = m[1], m[2].replace(".", " ").split()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", number):
        value = float(number.replace(".", ""))
    elif re.fullmatch(r"\d+(?:,\d+)?", number):
        value = float(number.replace(",", "."))
    else:
        return None
    scale = _SCALE.get(words[0], 1)
    if scale > 1 and (integer or any(w not in _RUPIAH for w in words[1:])):
        return None                       # "750 ribu orang" in a count: not ours to guess
    if scale == 1 and (not integer and any(w not in _RUPIAH for w in words)):
        return None                       # "2 buah" in an amount: no number to suggest
    value *= scale
    if not value.is_integer():
        return None
    return {"contoh": str(int(value))}   # "'750 ribu' bukan angka. Ketik angka saja ..., misalnya 750000."


def parse_nik(raw: object):
    """A NIK typed as a number has lost digits; text is checked for 16 digits by the schema."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return None, "nik-as-number", None
    text = as_text(raw)
    text = text[1:].strip() if text.startswith("'") else text          # Excel's text mark typed in
    if not text:
        return None, None, None
    if not any(ch in _DIGITS for ch in text) and " ".join(text.casefold().split()).startswith(tuple(_NOTHING)):
        return None, None, None          # "tidak punya KTP": no NIK (a warning in Data PPKS, not an error)
    return text, None, None


def parse_enum(raw: object, col: Column, lookup: dict[str, str]):
    """The canonical spelling; an unknown value stays as typed for the schema to reject."""
    text = as_text(raw)
    return lookup.get(norm(text), text), None, None


def closest(text: str, names) -> str | None:
    """The one name a typo most likely meant ("Panggungharja" -> "Panggungharjo"), if any."""
    by_key = {norm(n): n for n in names}
    near = difflib.get_close_matches(norm(text), by_key, n=1, cutoff=0.8)
    return by_key[near[0]] if near else None


_REGION_WORDS = tuple(sorted({w.casefold() for w in KAPANEWON_WORDS + KALURAHAN_WORDS}, key=len, reverse=True))


_BANTUL_AFTER = re.compile(r"[\s,]+(?:kab(?:upaten|\.)?\s*)?bantul\s*$", re.I)


def without_region_word(text: str) -> str:
    """"Desa Panggungharja" -> "Panggungharja", "Sewon, Bantul" -> "Sewon": the name it likely meant."""
    low = text.strip().casefold()
    for w in _REGION_WORDS:
        if low.startswith(w):
            text = text.strip()[len(w):].strip()
            break
    return _BANTUL_AFTER.sub("", text) or text


def parse_phone(raw: object):
    s = as_text(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        s = "0" + s if not s.startswith("62") else "+" + s  # Excel ate the leading 0 or '+'
    s = _PHONE_NOTE.sub("", s)
    s = re.sub(r"^\((0\d{2,4})\)\s*", r"\1 ", s)          # "(0274) 367123"
    if _PHONE.match(s):
        return s, None, None
    return None, "value-not-allowed", None


def parse_cell(raw: object, col: Column, lookup: dict[str, str] | None = None):
    """Typed value of a non-empty cell: (value, code, extra)."""
    if isinstance(raw, str) and raw.strip().upper() in EXCEL_ERRORS:
        return None, "formula-error", None
    kind = col.kind
    if kind == DATE:
        return parse_date(raw)
    if kind == RP:
        return parse_number(raw, whole=True)
    if kind == INT:
        return parse_number(raw, integer=True)
    if kind == NIK:
        return parse_nik(raw)
    if kind == ENUM:
        return parse_enum(raw, col, lookup if lookup is not None else enum_lookup(col))
    if kind == PHONE:
        return parse_phone(raw)
    return as_text(raw), None, None


def mask_nik(text: str) -> str:
    """Hide a NIK's digits but its first 6 and last 4 (STANDARD 4). In a value of more than 10
    digits other characters stay, so that a letter O or a space can be found; anything else
    (a name typed in the NIK column, say) is hidden whole. Several NIKs in one cell are masked
    each, and a NIK Excel turned into "3.40203E+15" keeps what it shows of the first 6."""
    if _SCIENTIFIC.match(text):
        head, _, tail = text.partition(text[1])
        mantissa, e, power = tail.upper().partition("E")
        return head + text[1] + mantissa[:5] + "*" * len(mantissa[5:]) + e + power
    if len(_LONG_DIGITS.findall(text)) > 1:   # several NIKs in one cell, however separated: each masked
        return _LONG_DIGITS.sub(lambda m: _mask_one(m.group(0)), text)
    return _mask_one(text)


def _mask_one(text: str) -> str:
    if sum(ch in _DIGITS for ch in text) <= 10:   # no NIK: a name typed here, say, is hidden whole
        return "*" * len(text)
    n = sum(ch in _DIGIT_LIKE for ch in text)
    out, k = [], 0
    for ch in text:
        if ch in _DIGIT_LIKE:   # a letter O typed for 0 takes a digit's place: shown where a digit would be
            out.append(ch if k < 6 or k >= n - 4 else "*")
            k += 1
        else:
            out.append(ch)
    return "".join(out)


# "3.40203E+15": a NIK typed as a number, then pasted or saved as text; its digits are gone.
_SCIENTIFIC = re.compile(r"\s*\d[.,]\d+[eE]\+?\d+\s*$")
_LONG_DIGITS = re.compile(r"\d{11,}")   # a run no NIK typed in groups has: one NIK each


_DIGIT_LIKE = _DIGITS | frozenset("oO")
_SEPARATORS = frozenset(" .-")


def nik_problem(text: str) -> str:
    """What is wrong with a NIK that is not 16 digits, for the message."""
    digits = sum(ch in _DIGITS for ch in text)
    others = {ch for ch in text if ch not in _DIGITS}
    if not digits:
        return "bukan angka NIK"
    if sum(ch.isalpha() for ch in text) > digits:   # a name or an address typed here
        return "berisi huruf, bukan angka NIK"
    if _SCIENTIFIC.match(text):
        return ("tertulis dalam bentuk singkat angka Excel, sehingga digit aslinya sudah hilang. Ubah format "
                "sel menjadi Teks dulu")
    if len(_LONG_DIGITS.findall(text)) > 1:
        return "berisi lebih dari satu NIK. Isi satu NIK saja di setiap sel, satu baris untuk setiap orang"
    why = []
    if others - _SEPARATORS:
        o_for_0 = "o" in text.lower()
        why.append("berisi huruf atau tanda selain angka" + (" (huruf O bukan angka 0)" if o_for_0 else ""))
        if o_for_0 and digits + text.lower().count("o") == 16:   # the count is right once O is 0
            return why[0]
    elif others:
        why.append("berisi spasi atau tanda baca")
    if digits != 16:
        why.append(f"{digits} digit, bukan 16" if why else f"berisi {digits} digit, bukan 16")
    return " dan ".join(why) if why else "tidak 16 digit"


def nik_as_number_text(raw: object) -> str:
    try:
        return str(int(raw))
    except (TypeError, ValueError, OverflowError):
        return as_text(raw)
