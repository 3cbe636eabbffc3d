"""One WKSBM's books for the sample generator: registers of a plausible size that agree
with each other (every Kegiatan recipient is in Data PPKS, every partner in Jejaring).

All randomness comes from one `random.Random` per WKSBM, drawn in a fixed order, so a worker
process draws exactly what the parent would.
"""
from __future__ import annotations

import datetime as dt
import random

from compiler.sample.cash import draw_income, draw_spending
from compiler.sample.period import quarter_bounds, stamp
from compiler.sample.words import (
    CHILD_F_FIRST, CHILD_F_LAST, CHILD_M_FIRST, CHILD_M_LAST, DONOR_BUSINESS, DONOR_INSTITUTION,
    DONOR_TITLE_F, DONOR_TITLE_M, GUESTS, INVENTORY, LETTERS_IN, LETTERS_OUT, MEETING_PLACES,
    MEETINGS, MID_F_FIRST, MID_F_LAST, MID_M_FIRST, MID_M_LAST, OLD_F, OLD_M, OLD_PREFIX,
    OLD_SUFFIX, PARTNERS, PENGURUS_ROLES, PLACES_OUTSIDE, PPKS_NOTES_ADULT, PPKS_NOTES_CHILD,
    PPKS_NOTES_OLD, PPKS_PROFILE, PSKS_ROWS, ROMAN_MONTH, STATUS_WEIGHTS, TENT_ITEMS, UNSUR,
    WKSBM_MOTTO, YOUNG_F_FIRST, YOUNG_F_LAST, YOUNG_M_FIRST, YOUNG_M_LAST)
from schemas import standard as S

SLOTS = 64          # NIK serial slots reserved per WKSBM (PPKS rows + fresh NIKs)
FRESH_SLOT = 56     # first slot of the NIKs that are not in Data PPKS (ref-ppks-missing)
SERIALS = 9999      # NIK serials 0001..9999


class BookDrawer:
    """Draws one WKSBM's books. All randomness from self.rng, in a fixed order."""

    def __init__(self, job, saldo: int | None = None):
        self.job = job
        self.saldo = saldo   # a Saldo Kas Awal carried over from the quarter before (sample/chain.py)
        self.w = dict(job.wksbm)
        self.rng = random.Random(f"wksbm-sample:{job.seed}:{job.index}")
        self.start, self.end = quarter_bounds(job.tahun, job.q)
        self.used_names: set[str] = set()
        self.rts = [f"{i:02d}" for i in range(1, self.rng.randint(3, 8) + 1)]
        self.fmt = {"kapanewon": self.w["kapanewon"], "kalurahan": self.w["kalurahan"],
                    "padukuhan": self.w["padukuhan"]}

    # small helpers
    def day(self, a: dt.date | None = None, b: dt.date | None = None) -> dt.datetime:
        a, b = a or self.start, b or self.end
        return stamp(a + dt.timedelta(days=self.rng.randint(0, (b - a).days)))

    def money(self, lo: int, hi: int, step: int = 5000) -> int:
        return self.rng.randint(lo // step, hi // step) * step

    def rt(self) -> str:
        return self.rng.choice(self.rts)

    def text(self, template: str) -> str:
        return template.format(rt=self.rt(), **self.fmt)

    def phone(self) -> str:
        return "08" + self.rng.choice(("12", "13", "21", "22", "52", "56", "78", "57", "95")) + \
            "".join(str(self.rng.randint(0, 9)) for _ in range(self.rng.choice((7, 8))))

    def name(self, female: bool, year: int) -> str:
        r = self.rng
        for attempt in range(60):
            if year < 1962:
                if attempt < 12:
                    n = r.choice(OLD_F if female else OLD_M)
                else:
                    n = f"{r.choice(OLD_PREFIX)} {r.choice(OLD_SUFFIX)}"
                    if female:
                        n = "Mbok " + r.choice(OLD_F)[:-1] + r.choice("ahi")
            else:
                first, last = {
                    (True, 0): (MID_F_FIRST, MID_F_LAST), (False, 0): (MID_M_FIRST, MID_M_LAST),
                    (True, 1): (YOUNG_F_FIRST, YOUNG_F_LAST), (False, 1): (YOUNG_M_FIRST, YOUNG_M_LAST),
                    (True, 2): (CHILD_F_FIRST, CHILD_F_LAST), (False, 2): (CHILD_M_FIRST, CHILD_M_LAST),
                }[(female, 0 if year < 1988 else 1 if year < 2008 else 2)]
                n = f"{r.choice(first)} {r.choice(last)}" if r.random() < 0.8 or year >= 2008 \
                    else r.choice(last)
            if n not in self.used_names:
                self.used_names.add(n)
                return n
        n = f"{n} {len(self.used_names)}"
        self.used_names.add(n)
        return n

    def nik(self, k: int, female: bool, age_lo: int, age_hi: int) -> tuple[str, dt.date]:
        """A NIK and birth date, unique in the batch: slot -> (serial, wrap) is a bijection and
        the day of birth is tied to the wrap, so equal serials never share a birth date."""
        r, wraps = self.rng, self.job.wraps
        slot = self.job.index * SLOTS + k
        size = wraps * SERIALS
        s = (slot * 7919) % size
        serial, wrap = s % SERIALS + 1, s // SERIALS
        year = self.job.tahun - r.randint(age_lo, age_hi)
        year = min(year, self.job.tahun - 2)
        month = r.randint(1, 12)
        if wraps <= 28:
            day = wrap + 1 + wraps * r.randint(0, (28 - wrap - 1) // wraps)
        else:
            day = r.randint(1, 28)
        birth = dt.date(year, month, day)
        if r.random() < 0.9:
            prefix = self.w["kode_kapanewon"].replace(".", "")
        else:
            prov, n = r.choice(PLACES_OUTSIDE)
            prefix = f"{prov}{r.randint(1, n):02d}"
        dd = day + 40 if female else day
        return f"{prefix}{dd:02d}{month:02d}{year % 100:02d}{serial:04d}", birth

    # the books ------------------------------------------------------------------------
    def build(self) -> dict:
        r = self.rng
        book: dict = {}
        people = self.people()
        ppks = self.ppks()
        psks = self.psks()
        donors = self.donors()
        partners = self.partners()
        roles = {p["_role"]: p["nama_lembaga"] for p in partners}
        meetings, attendance = self.meetings(people)
        income = draw_income(self, donors)
        saldo = self.money(250_000, 4_500_000, 500)   # drawn either way: the draws after it stay the same
        saldo = saldo if self.saldo is None else self.saldo
        spending, activities = draw_spending(self, ppks, roles, meetings, income, saldo)
        book["data_ppks"] = ppks
        book["data_psks"] = psks
        book["data_donatur"] = [{k: v for k, v in d.items() if not k.startswith("_")} for d in donors]
        book["data_jejaring"] = [{k: v for k, v in p.items() if not k.startswith("_")} for p in partners]
        book["notulensi_rapat"] = meetings
        book["daftar_hadir"] = attendance
        book["pemasukan"] = income
        book["pengeluaran"] = spending
        book["kegiatan"] = activities
        book["agenda_surat"] = self.letters()
        book["buku_tamu"] = self.guests()
        book["inventaris"] = self.inventory(any("tenda" in i["uraian"] for i in income))
        for key, rows in book.items():  # chronological, as people write books
            date_key = next((c.key for c in S.TABLE_BY_KEY[key].columns if c.kind == S.DATE and c.period_bound), None)
            if date_key:
                rows.sort(key=lambda x: x[date_key])
        ketua = people[0][0]
        pelapor = r.choice((people[0][0], people[1][0]))
        sk_date = self.day(min(dt.date(2019, 6, 1), self.start - dt.timedelta(days=60)),
                           self.start - dt.timedelta(days=30))
        lapor = self.end + dt.timedelta(days=r.randint(3, 10))
        revisi = lapor + dt.timedelta(days=r.randint(6, 20))
        book["_identitas"] = {
            "kapanewon": self.w["kapanewon"], "kalurahan": self.w["kalurahan"],
            "padukuhan": self.w["padukuhan"], "nama_wksbm": self.w["nama_wksbm"],
            "nomor_sk": r.choice((f"{r.randint(3, 60)}/KPTS/{sk_date.year}",
                                  f"188.4/{r.randint(10, 250):03d}/{sk_date.year}", None)),
            "tanggal_sk": sk_date, "nama_ketua": ketua, "hp_ketua": self.phone(),
            "tahun": self.job.tahun, "triwulan": S.TRIWULAN[self.job.q - 1], "saldo_awal": saldo,
            "tanggal_laporan": stamp(revisi if self.job.variant == "revisi" else lapor),
            "nama_pelapor": pelapor,
        }
        if book["_identitas"]["nomor_sk"] is None:
            book["_identitas"]["tanggal_sk"] = None
        has_stamp = r.random() < 0.85
        book["_checklist"] = {label: ("Ya" if has_stamp or label != S.CHECKLIST[-1] else "Tidak")
                              for label in S.CHECKLIST}
        return book

    def people(self) -> list[tuple[str, str]]:
        """Pengurus and the usual attendees of meetings: (name, jabatan/unsur)."""
        r = self.rng
        out = []
        for role in PENGURUS_ROLES[: r.randint(6, len(PENGURUS_ROLES))]:
            female = r.random() < 0.45
            out.append((self.name(female, r.randint(1955, 1995)), role))
        for unsur in r.sample(UNSUR, r.randint(4, len(UNSUR))):
            female = unsur in ("Kader PKK", "Kader Posyandu") or r.random() < 0.3
            out.append((self.name(female, r.randint(1955, 2004)), self.text(unsur)))
        return out

    def ppks(self) -> list[dict]:
        r = self.rng
        n = int(r.triangular(3, 36, 9))
        profiles = PPKS_PROFILE
        weights = [p[1] for p in profiles]
        rows = []
        for k in range(n):
            jenis, _, lo, hi, women = r.choices(profiles, weights=weights)[0]
            female = r.random() < women
            nik, birth = self.nik(k, female, lo, hi)
            person = {"nik": nik, "nama": self.name(female, birth.year), "jenis_kelamin": "P" if female else "L",
                      "tanggal_lahir": stamp(birth),
                      "alamat": f"RT {self.rt()} {self.w['padukuhan']}" + (
                          f", {self.w['kalurahan']}" if r.random() < 0.3 else ""),
                      "jenis_ppks": jenis, "status": r.choices(*zip(*STATUS_WEIGHTS))[0],
                      "keterangan": r.choice(PPKS_NOTES_CHILD if birth.year > self.job.tahun - 18
                                             else PPKS_NOTES_ADULT if birth.year > self.job.tahun - 60
                                             else PPKS_NOTES_OLD) or None}
            rows.append(person)
            if r.random() < 0.12:  # one person, two kinds of need
                second = "Fakir Miskin" if jenis != "Fakir Miskin" else "Penyandang Disabilitas"
                rows.append({**person, "jenis_ppks": second,
                             "status": r.choices(*zip(*STATUS_WEIGHTS))[0], "keterangan": None})
        return rows

    def psks(self) -> list[dict]:
        r = self.rng
        rows = []
        for jenis, how in r.sample(PSKS_ROWS, r.randint(2, 6)):
            lokasi, alamat = "Dalam Wilayah", f"RT {self.rt()} {self.w['padukuhan']}"
            if how == "karang_taruna":
                nama = f"Karang Taruna {r.choice(WKSBM_MOTTO)} {self.w['padukuhan']}"
            elif how == "lks":
                nama, lokasi, alamat = "LKS Lansia Among Sepuh", "Luar Wilayah", f"Kapanewon {self.w['kapanewon']}"
            elif how == "business":
                nama = r.choice(DONOR_BUSINESS)
            elif how in ("tksk", "outside"):
                nama = self.name(r.random() < 0.5, r.randint(1968, 1995))
                lokasi, alamat = "Luar Wilayah", f"Kapanewon {self.w['kapanewon']}"
            else:
                nama = self.name(how == "woman" or r.random() < 0.4, r.randint(1960, 1998))
            rows.append({"nama": nama, "jenis_psks": jenis, "alamat": alamat, "lokasi": lokasi,
                         "nomor_hp": self.phone() if r.random() < 0.7 else None, "keterangan": None})
        return rows

    def donors(self) -> list[dict]:
        r = self.rng
        rows = []
        for _ in range(r.randint(2, 6)):
            kind = r.choices(("Perorangan", "Dunia Usaha", "Lembaga", "Pemerintah"), weights=(5, 3, 2, 1))[0]
            if kind == "Perorangan":
                female = r.random() < 0.4
                title = r.choice(DONOR_TITLE_F if female else DONOR_TITLE_M)
                nama = f"{title} {self.name(female, r.randint(1950, 1985))}"
            elif kind == "Dunia Usaha":
                nama = r.choice(DONOR_BUSINESS)
            elif kind == "Lembaga":
                nama = self.text(r.choice(DONOR_INSTITUTION))
            else:
                nama = f"Pemerintah Kalurahan {self.w['kalurahan']}"
            if any(d["nama_donatur"] == nama for d in rows):
                continue
            rows.append({"nama_donatur": nama, "jenis_donatur": kind,
                         "alamat": f"{self.w['padukuhan']}, {self.w['kalurahan']}" if r.random() < 0.7 else None,
                         "nomor_hp": self.phone() if r.random() < 0.6 else None,
                         "keterangan": r.choice((None, None, "Donatur tetap", "Donatur insidental"))})
        return rows

    def partners(self) -> list[dict]:
        r = self.rng
        rows = []
        for nama, jenis, bentuk, role in r.sample(PARTNERS, r.randint(2, 6)):
            rows.append({"nama_lembaga": self.text(nama), "jenis_lembaga": jenis,
                         "alamat": r.choice(("Bantul", f"Kapanewon {self.w['kapanewon']}", None)),
                         "kontak": r.choice((None, self.phone(), f"0274 {r.randint(360000, 379999)}")),
                         "bentuk_kerja_sama": bentuk, "keterangan": None, "_role": role})
        return rows

    def meetings(self, people):
        r = self.rng
        days = sorted({self.day() for _ in range(r.randint(1, 3))})
        notes, attendance = [], []
        for when, (agenda, hasil) in zip(days, r.sample(MEETINGS, len(days))):
            present = [people[0]] + r.sample(people[1:], r.randint(min(4, len(people) - 1), len(people) - 1))
            notes.append({"tanggal_rapat": when, "tempat": self.text(r.choice(MEETING_PLACES)),
                          "pimpinan": people[0][0], "agenda": agenda, "hasil": hasil,
                          "jumlah_hadir": len(present)})
            for nama, jabatan in present:
                attendance.append({"tanggal_rapat": when, "nama": nama, "jabatan": jabatan,
                                   "keterangan": None})
        return notes, attendance

    def letters(self) -> list[dict]:
        r = self.rng
        rows = []
        n_out = 0
        for _ in range(r.randint(2, 7)):
            when = self.day()
            roman = ROMAN_MONTH[when.month - 1]
            if r.random() < 0.55:
                asal, perihal = r.choice(LETTERS_IN)
                rows.append({"tanggal": when, "jenis_surat": "Masuk",
                             "nomor_surat": f"{r.choice(('400.9', '460', '005', '443'))}/{r.randint(10, 999):03d}/{when.year}",
                             "asal_tujuan": self.text(asal), "perihal": perihal, "keterangan": None})
            else:
                n_out += 1
                tujuan, perihal = r.choice(LETTERS_OUT)
                abbr = "".join(w[0] for w in self.w["padukuhan"].split()).upper()
                rows.append({"tanggal": when, "jenis_surat": "Keluar",
                             "nomor_surat": f"{n_out:03d}/WKSBM-{abbr}/{roman}/{when.year}",
                             "asal_tujuan": self.text(tujuan), "perihal": self.text(perihal),
                             "keterangan": r.choice((None, "Diantar langsung", "Via WhatsApp"))})
        return rows

    def guests(self) -> list[dict]:
        r = self.rng
        rows = []
        for instansi, keperluan in r.sample(GUESTS, r.randint(1, 5)):
            rows.append({"tanggal": self.day(), "nama_tamu": self.name(r.random() < 0.5, r.randint(1965, 2004)),
                         "instansi": self.text(instansi), "keperluan": keperluan})
        return rows

    def inventory(self, tent: bool) -> list[dict]:
        r = self.rng
        items = list(r.sample(INVENTORY, r.randint(2, 7)))
        if tent:
            items += [i for i in INVENTORY if i[0] in TENT_ITEMS and i not in items]
        rows = []
        for nama, satuan, lo, hi, price in items:
            n = r.randint(lo, hi)
            asal = r.choices(("Pembelian", "Hibah", "Swadaya", "Lainnya"), weights=(4, 4, 2, 1))[0]
            rows.append({"nama_barang": nama, "jumlah": n, "satuan": satuan,
                         "tanggal_perolehan": self.day(min(dt.date(2019, 1, 1), self.end - dt.timedelta(days=365)), self.end) if r.random() < 0.85 else None,
                         "asal_perolehan": asal, "nilai": n * price if r.random() < 0.85 else None,
                         "kondisi": r.choices(("Baik", "Rusak Ringan", "Rusak Berat"), weights=(8, 2, 1))[0],
                         "keterangan": r.choice((None, None, "Disimpan di rumah Ketua", "Hibah Dinas Sosial"))
                         if asal != "Hibah" else r.choice(("Hibah Dinas Sosial", "Hibah Kalurahan", None))})
        return rows
