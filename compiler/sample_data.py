"""The content of the sample workbooks (compiler.sample): word lists and one WKSBM's books.

Everything here is fictitious but written the way a WKSBM volunteer in Bantul would write
it: Javanese names by generation, RT addresses, the leaflet's fund sources and activities
(jimpitan beras, zakat maal, persewaan tenda), the usual partners (Puskesmas, RSUD Panembahan
Senopati, Baznas), registers of a plausible size, and books that agree with each other.
"""
from __future__ import annotations

import calendar
import datetime as dt
import random

from schemas import standard as S

SLOTS = 64          # NIK serial slots reserved per WKSBM (PPKS rows + fresh NIKs)
FRESH_SLOT = 56     # first slot of the NIKs that are not in Data PPKS (ref-ppks-missing)
SERIALS = 9999      # NIK serials 0001..9999

# --- person names, by generation and sex ---------------------------------------------
# Born before ~1962: mostly one-word Javanese names.
OLD_M = ("Wagiyo", "Suharjo", "Sutrisno", "Tukiman", "Ngadiman", "Paijo", "Sukiman", "Parjo",
         "Wakidi", "Suparno", "Ponijo", "Sumardi", "Kartijo", "Mujiman", "Slamet", "Tumijo",
         "Sarjono", "Kasiman", "Rejo", "Darmo", "Wiryo", "Sadiyo", "Ngatijo", "Pawiro")
OLD_F = ("Painem", "Tukiyem", "Sukinah", "Ngatinah", "Paijem", "Wagiyem", "Tumirah", "Sarijem",
         "Ngadiyem", "Sumiyati", "Kasiyem", "Juminten", "Pariyem", "Satinem", "Rubiyah",
         "Tukinem", "Parinem", "Sainem", "Wartinah", "Ginem", "Saminah", "Sukiyem", "Kamijah",
         "Ponirah")
# Older compound names ("Marto Sentono") when the one-word names run out.
OLD_PREFIX = ("Harjo", "Karto", "Marto", "Sastro", "Wongso", "Citro", "Dipo", "Kromo")
OLD_SUFFIX = ("Sentono", "Utomo", "Wiyono", "Suwarno", "Dimejo", "Pawiro", "Diharjo", "Rejo")

# Born ~1962-1987.
MID_M_FIRST = ("Agus", "Budi", "Slamet", "Sugeng", "Bambang", "Joko", "Heru", "Eko", "Dwi",
               "Teguh", "Wahyu", "Sigit", "Tri", "Hadi", "Yulianto", "Edi", "Purwanto", "Sukamto")
MID_M_LAST = ("Santoso", "Riyanto", "Widodo", "Raharjo", "Triyono", "Susilo", "Purnomo",
              "Prasetyo", "Haryanto", "Wibowo", "Nugroho", "Wahyudi", "Sumarno", "Supriyadi",
              "Suryanto", "Setiawan")
MID_F_FIRST = ("Sri", "Dwi", "Endang", "Tri", "Siti", "Nur", "Rini", "Sumarni", "Suparmi",
               "Wartini", "Ngatini", "Purwanti", "Yuli", "Sulastri", "Tutik", "Warsini")
MID_F_LAST = ("Lestari", "Astuti", "Wahyuni", "Rahayu", "Sulistyowati", "Aminah", "Hidayati",
              "Widayati", "Suyatmi", "Handayani", "Mulyani", "Rahmawati", "Setyaningsih",
              "Purwaningsih", "Winarsih", "Sundari")

# Born ~1988-2007.
YOUNG_M_FIRST = ("Andi", "Rudi", "Fajar", "Dimas", "Yoga", "Arif", "Bayu", "Rizal", "Anton",
                 "Danang", "Galih", "Hendra", "Ilham", "Nanda", "Wisnu", "Yusuf")
YOUNG_M_LAST = ("Setiawan", "Hartono", "Nugroho", "Saputra", "Pratama", "Rahman", "Aji",
                "Fahmi", "Wijaya", "Kurniawan", "Prabowo", "Firmansyah", "Hidayat")
YOUNG_F_FIRST = ("Dewi", "Rina", "Wulan", "Fitri", "Yuni", "Novi", "Ratna", "Eka", "Ayu",
                 "Intan", "Lina", "Maya", "Putri", "Sari", "Tika", "Umi")
YOUNG_F_LAST = ("Kurniawati", "Anggraini", "Sari", "Handayani", "Astuti", "Rahmawati",
                "Septiani", "Lestari", "Wulandari", "Safitri", "Puspitasari", "Maharani")

# Born after ~2007: children.
CHILD_M_FIRST = ("Muhammad", "Aditya", "Bima", "Raka", "Fahri", "Dafa", "Galang", "Arkan",
                 "Naufal", "Rafi", "Zidan", "Kevin", "Alif", "Farrel")
CHILD_M_LAST = ("Rizky", "Pratama", "Saputra", "Aditya", "Ramadhan", "Alfarizi", "Putra",
                "Maulana", "Hakim", "Firmansyah", "Nugraha", "Prasetya")
CHILD_F_FIRST = ("Aisyah", "Nabila", "Keisha", "Alya", "Zahra", "Salsabila", "Anindya",
                 "Citra", "Khansa", "Naura", "Azzahra", "Kirana", "Nayla", "Syifa")
CHILD_F_LAST = ("Putri", "Azzahra", "Ramadhani", "Safitri", "Aulia", "Nur Fadilah", "Lestari",
                "Maharani", "Salsabila", "Kusuma", "Anggraini", "Rahma")

# --- places -----------------------------------------------------------------------------
# Plausible padukuhan names where the reference does not know the real ones.
PADUKUHAN_POOL = (
    "Ngaglik", "Karanganyar", "Kauman", "Krapyak", "Gunung Sempu", "Jetis", "Sorogenen",
    "Ngentak", "Tegalrejo", "Sumberan", "Gading", "Kalangan", "Karangasem", "Jogonalan",
    "Ngabean", "Gondangan", "Kembangan", "Plumbungan", "Sribitan", "Mandingan", "Tambakan",
    "Ngrame", "Gatak", "Kepuh", "Dukuh", "Kadisoro", "Ngasem", "Pundung", "Jragung",
    "Gumuk", "Kalijoho", "Bendo", "Sembungan", "Manggisan", "Nglebeng", "Ngepek", "Gedongan",
    "Bulu", "Karangploso", "Wonosari", "Pelemadu", "Kanutan", "Kerten", "Kurahan", "Jaten",
    "Bongsren", "Gesikan", "Cepokojajar", "Wotgaleh", "Sanansari", "Tapen", "Dobalan",
    "Kebonan", "Karangtengah", "Ngrancah", "Kedungmiri", "Kembang", "Banyon", "Sumberjo",
    "Pandeyan", "Kragilan", "Blawong", "Tegal", "Glagah", "Pucung", "Sendangrejo", "Ngampon",
    "Kanten", "Gunturan", "Demangan", "Kweden", "Tirisan", "Kadipiro", "Ngrenak", "Sembir",
)
PADUKUHAN_SUFFIX = ("Kulon", "Wetan", "Lor", "Kidul", "I", "II", "III", "IV")

WKSBM_MOTTO = ("Sejahtera", "Guyub Rukun", "Ngudi Rahayu", "Peduli Sesama", "Manunggal",
               "Makaryo", "Tunas Harapan", "Mulyo", "Ngesti Raharjo", "Tresno Asih",
               "Gotong Royong", "Sido Mukti", "Handayani", "Asih Sesami")

PLACES_OUTSIDE = (  # NIK issued elsewhere: (prov+kab prefix, number of kecamatan codes)
    ("3404", 17),  # Sleman
    ("3403", 18),  # Gunungkidul
    ("3471", 14),  # Kota Yogyakarta
    ("3401", 12),  # Kulon Progo
    ("3310", 26),  # Klaten
)

# --- PPKS ---------------------------------------------------------------------------
# (official name, weight, min age, max age, share of women)
PPKS_PROFILE = (
    ("Lanjut Usia Telantar", 25, 60, 92, 0.6),
    ("Fakir Miskin", 25, 25, 78, 0.5),
    ("Penyandang Disabilitas", 14, 18, 72, 0.45),
    ("Perempuan Rawan Sosial Ekonomi", 8, 20, 58, 1.0),
    ("Anak dengan Kedisabilitasan", 5, 4, 17, 0.45),
    ("Anak Telantar", 5, 6, 17, 0.5),
    ("Keluarga Bermasalah Sosial Psikologis", 3, 25, 65, 0.5),
    ("Korban Bencana Alam", 3, 20, 80, 0.5),
    ("Anak Balita Telantar", 2, 2, 4, 0.5),
    ("Korban Tindak Kekerasan", 2, 18, 50, 0.85),
    ("Orang dengan HIV/AIDS", 1, 22, 50, 0.4),
    ("Korban Penyalahgunaan NAPZA", 1, 18, 40, 0.1),
    ("Bekas Warga Binaan Lembaga Pemasyarakatan", 1, 22, 55, 0.1),
    ("Pemulung", 1, 30, 65, 0.4),
    ("Anak yang Memerlukan Perlindungan Khusus", 1, 6, 17, 0.5),
    ("Korban Bencana Sosial", 1, 20, 70, 0.5),
)
STATUS_WEIGHTS = (("Belum Ditangani", 3), ("Dalam Penanganan", 4), ("Sudah Ditangani", 4),
                  ("Dirujuk", 1))
PPKS_NOTES_OLD = ("", "", "", "Tinggal sendiri", "Tinggal bersama anak", "Penerima BPNT",
                  "KIS PBI", "Sakit menahun", "Rumah tidak layak huni", "Perlu kursi roda")
PPKS_NOTES_ADULT = ("", "", "", "Penerima PKH", "Belum punya BPJS", "KIS PBI", "Penerima BPNT",
                    "Rumah tidak layak huni", "Buruh harian lepas", "Kepala keluarga perempuan")
PPKS_NOTES_CHILD = ("", "", "", "Yatim", "Tinggal bersama nenek", "Penerima PIP",
                    "Keluarga penerima PKH", "Perlu terapi rutin")
# Typical wrong entries for Jenis PPKS: not in the list of 26.
PPKS_WRONG = ("Lansia", "Janda Miskin", "Yatim Piatu", "ODGJ", "Difabel", "Lansia Miskin",
              "Keluarga Miskin", "Dhuafa")

# --- people around the WKSBM -------------------------------------------------------------
PENGURUS_ROLES = ("Ketua", "Sekretaris", "Bendahara", "Seksi Pendataan", "Seksi Usaha Dana",
                  "Seksi Pelayanan", "Anggota", "Anggota", "Anggota")
UNSUR = ("Dukuh", "Ketua RT {rt}", "Ketua RT {rt}", "Kader PKK", "Kader Posyandu",
         "Karang Taruna", "PSM", "Tokoh Agama", "Tokoh Masyarakat", "Anggota", "Anggota")

# --- Pemasukan ----------------------------------------------------------------------------
DONOR_BUSINESS = ("Toko Bangunan Sumber Rejeki", "UD Tani Makmur", "CV Bantul Jaya Abadi",
                  "Warung Makan Bu Tutik", "Toko Kelontong Barokah", "Penggilingan Padi Sido Maju",
                  "Batik Tulis Giriloyo", "Kerajinan Gerabah Kasongan", "Apotek Sehat Farma",
                  "Bengkel Motor Lancar Jaya", "Peternakan Ayam Sumber Pangan")
DONOR_INSTITUTION = ("Takmir Masjid Al-Ikhlas", "Takmir Masjid Baiturrahman",
                     "Paguyuban Pedagang Pasar {kapanewon}", "Arisan PKK RT {rt}",
                     "Paguyuban Warga Perantauan {padukuhan}", "Jamaah Pengajian Ahad Pagi")
DONOR_TITLE_M = ("Bapak", "H.", "Bapak H.")
DONOR_TITLE_F = ("Ibu", "Hj.", "Ibu Hj.")
INCOME_USAHA = (("Persewaan tenda dan kursi untuk hajatan", 150_000, 600_000),
                ("Persewaan sound system", 100_000, 300_000),
                ("Persewaan alat makan (piring, gelas) untuk hajatan", 75_000, 250_000))
INCOME_LAIN = (("Kotak infaq pengajian rutin", 50_000, 300_000),
               ("Iuran sukarela anggota WKSBM", 60_000, 240_000),
               ("Sisa kas kegiatan tujuhbelasan", 100_000, 400_000))
INCOME_PEMERINTAH = (("Dana stimulan WKSBM dari Dinas Sosial Kabupaten Bantul",
                      "Dinas Sosial Kabupaten Bantul", 1_000_000, 3_000_000),
                     ("Bantuan operasional WKSBM dari Pemerintah Kalurahan {kalurahan}",
                      "Pemerintah Kalurahan {kalurahan}", 500_000, 2_500_000))
INCOME_KERJASAMA = (("Dana CSR Bank BPD DIY untuk bedah rumah", "Bank BPD DIY Cabang Bantul",
                     2_000_000, 7_500_000),
                    ("Kerja sama KKN: bantuan paket sembako", "Universitas Gadjah Mada",
                     500_000, 1_500_000))

# --- Jejaring -------------------------------------------------------------------------
# (name, jenis lembaga, bentuk kerja sama, role): role links partners to activities.
PARTNERS = (
    ("Dinas Sosial Kabupaten Bantul", "Pemerintah", "Pembinaan WKSBM dan rujukan PPKS", "dinsos"),
    ("Puskesmas {kapanewon}", "Pemerintah", "Posyandu lansia dan pemeriksaan kesehatan", "puskesmas"),
    ("RSUD Panembahan Senopati", "Pemerintah", "Rujukan pasien PPKS", "rsud"),
    ("Baznas Kabupaten Bantul", "Pemerintah", "Penyaluran zakat untuk fakir miskin", "baznas"),
    ("Pemerintah Kalurahan {kalurahan}", "Pemerintah", "Dukungan dana dan data PPKS", "kalurahan"),
    ("Lazismu Bantul", "Organisasi Kemasyarakatan", "Santunan dan bedah rumah", "laz"),
    ("PMI Kabupaten Bantul", "Organisasi Kemasyarakatan", "Tanggap bencana dan donor darah", "pmi"),
    ("Bank BPD DIY Cabang Bantul", "Dunia Usaha", "CSR bedah rumah", "bank"),
    ("Universitas Gadjah Mada", "Perguruan Tinggi", "Pendampingan mahasiswa KKN", "kkn"),
    ("LKS Lansia Among Sepuh", "Lembaga Kesejahteraan Sosial", "Pendampingan lansia telantar", "lks"),
)

# --- PSKS (official names of reference/jenis_psks.csv) ----------------------------------
PSKS_ROWS = (
    ("Karang Taruna", "karang_taruna"),
    ("Pekerja Sosial Masyarakat", "person"),
    ("Tenaga Kesejahteraan Sosial Kecamatan", "tksk"),
    ("Taruna Siaga Bencana", "person"),
    ("Wanita Pemimpin Kesejahteraan Sosial", "woman"),
    ("Lembaga Kesejahteraan Sosial", "lks"),
    ("Dunia Usaha", "business"),
    ("Penyuluh Sosial", "outside"),
)

# --- Inventaris: (name, unit, min, max, unit price) ------------------------------------
INVENTORY = (
    ("Tenda terop 4x6 m", "unit", 1, 3, 3_500_000),
    ("Kursi lipat", "buah", 30, 100, 85_000),
    ("Kursi roda", "unit", 1, 3, 1_250_000),
    ("Timbangan badan", "buah", 1, 2, 250_000),
    ("Tensimeter digital", "buah", 1, 2, 400_000),
    ("Almari arsip", "buah", 1, 1, 1_800_000),
    ("Papan nama WKSBM", "buah", 1, 1, 350_000),
    ("Sound system portabel", "set", 1, 1, 2_750_000),
    ("Meja lipat", "buah", 2, 10, 300_000),
    ("Tikar", "lembar", 5, 20, 60_000),
    ("Dandang dan kompor", "set", 1, 2, 900_000),
    ("Walker (alat bantu jalan)", "buah", 1, 3, 450_000),
)
TENT_ITEMS = ("Tenda terop 4x6 m", "Kursi lipat")

# --- Notulensi ------------------------------------------------------------------------
MEETINGS = (
    ("Rapat rutin pengurus WKSBM", "Laporan kas dan kegiatan bulan lalu diterima; jimpitan beras dilanjutkan."),
    ("Evaluasi penyaluran jimpitan beras", "Beras jimpitan disalurkan kepada warga PPKS sesuai data terbaru."),
    ("Persiapan santunan lansia", "Santunan diberikan kepada lansia telantar; bendahara menyiapkan dana."),
    ("Pemutakhiran data PPKS", "Data PPKS diperbarui; RT melaporkan warga yang pindah atau meninggal."),
    ("Rencana bedah rumah", "Disepakati usulan bedah rumah ke Baznas dan gotong royong warga."),
    ("Persiapan posyandu lansia", "Posyandu lansia bersama Puskesmas; kader menyiapkan PMT."),
    ("Penyusunan laporan triwulan", "Laporan triwulan disusun sekretaris dan dikirim ke Dinas Sosial."),
)
MEETING_PLACES = ("Balai Padukuhan {padukuhan}", "Rumah Bapak Dukuh", "Rumah Ketua WKSBM",
                  "Masjid Al-Ikhlas", "Pos Ronda RT {rt}", "Sekretariat WKSBM")

# --- Agenda Surat ---------------------------------------------------------------------
LETTERS_IN = (
    ("Dinas Sosial Kabupaten Bantul", "Undangan rapat koordinasi WKSBM tingkat kabupaten"),
    ("Kapanewon {kapanewon}", "Undangan bimbingan teknis pelaporan WKSBM"),
    ("Pemerintah Kalurahan {kalurahan}", "Permintaan data PPKS terbaru"),
    ("Puskesmas {kapanewon}", "Jadwal posyandu lansia"),
    ("Baznas Kabupaten Bantul", "Pemberitahuan penyaluran zakat produktif"),
    ("Dinas Sosial Kabupaten Bantul", "Permintaan laporan triwulan WKSBM"),
)
LETTERS_OUT = (
    ("Baznas Kabupaten Bantul", "Permohonan bantuan bedah rumah"),
    ("Dinas Sosial Kabupaten Bantul", "Penyampaian laporan triwulan WKSBM"),
    ("Pemerintah Kalurahan {kalurahan}", "Permohonan dana stimulan kegiatan sosial"),
    ("RSUD Panembahan Senopati", "Permohonan keringanan biaya pasien rujukan"),
    ("Puskesmas {kapanewon}", "Permohonan pendampingan posyandu lansia"),
    ("Ketua RT se-Padukuhan {padukuhan}", "Undangan rapat pemutakhiran data PPKS"),
)
ROMAN_MONTH = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# --- Buku Tamu: (instansi, keperluan) ----------------------------------------------------
GUESTS = (
    ("TKSK Kapanewon {kapanewon}", "Monitoring data PPKS"),
    ("Pendamping PKH Kalurahan {kalurahan}", "Koordinasi data penerima PKH"),
    ("Mahasiswa KKN UGM", "Koordinasi program kerja KKN"),
    ("Dinas Sosial Kabupaten Bantul", "Pembinaan administrasi WKSBM"),
    ("Puskesmas {kapanewon}", "Koordinasi jadwal posyandu lansia"),
    ("Baznas Kabupaten Bantul", "Verifikasi calon penerima bedah rumah"),
    ("Pemerintah Kalurahan {kalurahan}", "Sosialisasi program bantuan sosial"),
    ("Mahasiswa UIN Sunan Kalijaga", "Penelitian tentang WKSBM"),
)

MONTH_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
            "September", "Oktober", "November", "Desember")

PETUNJUK = ("PETUNJUK PENGISIAN",
            "Isi setiap lembar sesuai buku administrasi WKSBM.",
            "Tanggal diketik seperti 17/08/2026; angka rupiah tanpa Rp dan titik; NIK sebagai teks.",
            "Kirim berkas ini ke Dinas Sosial paling lambat tanggal 10 setelah triwulan berakhir.")


# --- one WKSBM's books ----------------------------------------------------------------
def quarter_bounds(tahun: int, q: int) -> tuple[dt.date, dt.date]:
    last = 3 * q
    return dt.date(tahun, last - 2, 1), dt.date(tahun, last, calendar.monthrange(tahun, last)[1])


def stamp(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day)


class BookDrawer:
    """Draws one WKSBM's books. All randomness from self.rng, in a fixed order."""

    def __init__(self, job):
        self.job = job
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
        income = self.income(donors)
        saldo = self.money(250_000, 4_500_000, 500)
        spending, activities = self.spending(ppks, roles, meetings, income, saldo)
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

    def income(self, donors) -> list[dict]:
        r = self.rng
        rows = []

        def add(sumber, uraian, pihak, bentuk, jumlah, ket=None, when=None):
            rows.append({"tanggal": when or self.day(), "sumber_dana": sumber, "uraian": uraian,
                         "nama_donatur": pihak, "bentuk": bentuk, "jumlah": jumlah, "keterangan": ket})

        if r.random() < 0.75:
            rts = f"RT {self.rts[0]}-{self.rts[-1]}"
            for m in range(3):
                month = self.start.month + m
                when = self.day(dt.date(self.start.year, month, 20),
                                dt.date(self.start.year, month, calendar.monthrange(self.start.year, month)[1]))
                kg = r.randint(25, 90)
                add("Jimpitan Beras", f"Jimpitan beras warga {rts} bulan {MONTH_ID[month - 1]}",
                    f"Warga {rts}", "Barang", kg * r.choice((12_000, 12_500, 13_000, 14_000)),
                    f"{kg} kg, ditaksir", when)
        if r.random() < 0.4:
            add("Zakat Maal", "Zakat maal dari Baznas Kabupaten Bantul", "Baznas Kabupaten Bantul", "Uang",
                self.money(500_000, 3_000_000, 50_000))
        if r.random() < 0.5:
            uraian, lo, hi = r.choice(INCOME_USAHA)
            for _ in range(r.randint(1, 3)):
                add("Usaha WKSBM", uraian, f"Hajatan warga RT {self.rt()}", "Uang", self.money(lo, hi, 25_000))
        for d in r.sample(donors, r.randint(1, len(donors))):
            if r.random() < 0.8:
                add("Donatur", r.choice(("Sumbangan untuk santunan lansia", "Sumbangan rutin bulanan",
                                         "Sumbangan kegiatan sosial")), d["nama_donatur"], "Uang",
                    self.money(100_000, 2_000_000, 50_000))
            else:
                n = r.randint(5, 25)
                add("Donatur", f"Sumbangan {n} paket sembako", d["nama_donatur"], "Barang", n * 75_000)
        if r.random() < 0.25:
            add("Barang Bekas", "Penjualan barang bekas (rosok) hasil pengumpulan warga", None, "Uang",
                self.money(50_000, 400_000))
        if r.random() < 0.15:
            uraian, pihak, lo, hi = r.choice(INCOME_KERJASAMA)
            add("Kerja Sama", uraian, pihak, "Uang", self.money(lo, hi, 250_000))
        if r.random() < 0.25:
            uraian, pihak, lo, hi = r.choice(INCOME_PEMERINTAH)
            add("Bantuan Pemerintah", self.text(uraian), self.text(pihak), "Uang", self.money(lo, hi, 250_000))
        if r.random() < 0.3 or sum(1 for x in rows if x["bentuk"] == "Uang") < 2:
            uraian, lo, hi = r.choice(INCOME_LAIN)
            add("Lainnya", uraian, None, "Uang", self.money(lo, hi, 10_000))
        return rows

    def spending(self, ppks, roles, meetings, income, saldo):
        """Expenses and activities. Plans are made first, then paid in date order: an expense
        the cash cannot cover is cut down or dropped, so the balance never goes below 0."""
        r = self.rng
        plans = []
        by_kind: dict[str, list[dict]] = {}
        for p in ppks:
            by_kind.setdefault(p["jenis_ppks"], []).append(p)
        chosen: set[str] = set()

        def person(*kinds):
            pool = [p for k in kinds for p in by_kind.get(k, ()) if p["nik"] not in chosen] or \
                   [p for p in ppks if p["nik"] not in chosen]
            if not pool:
                return None
            p = r.choice(pool)
            chosen.add(p["nik"])
            return p

        def mitra(*wanted):
            have = [roles[x] for x in wanted if x in roles]
            return r.choice(have) if have and r.random() < 0.8 else None

        def plan(jenis, uraian, bentuk, amount, penerima, kegiatan=None, when=None, minimum=20_000):
            plans.append({"tanggal": when or self.day(), "jenis": jenis, "uraian": uraian, "bentuk": bentuk,
                          "amount": amount, "penerima": penerima, "kegiatan": kegiatan, "min": minimum})

        def individual(p, nama, jenis, mitra_):
            return {"nama_kegiatan": nama, "jenis_kegiatan": jenis, "jenis_ppks": p["jenis_ppks"],
                    "nik_penerima": p["nik"], "jumlah_penerima": 1, "mitra": mitra_}

        def group(nama, jenis, sasaran, n, mitra_):
            return {"nama_kegiatan": nama, "jenis_kegiatan": jenis, "jenis_ppks": sasaran,
                    "nik_penerima": None, "jumlah_penerima": n, "mitra": mitra_}

        lut = by_kind.get("Lanjut Usia Telantar", [])
        if lut and r.random() < 0.7:
            each = r.choice((50_000, 100_000, 150_000))
            plan("Perlindungan Sosial", "Santunan uang lansia telantar", "Uang", each * len(lut),
                 f"{len(lut)} lansia telantar",
                 group("Santunan lansia telantar", "Perlindungan Sosial", "Lanjut Usia Telantar", len(lut),
                       mitra("baznas", "laz", "lks")), minimum=each * len(lut))
        beras = any(x["sumber_dana"] == "Jimpitan Beras" for x in income)
        for _ in range(r.randint(1, 3)):
            p = person("Fakir Miskin", "Lanjut Usia Telantar", "Perempuan Rawan Sosial Ekonomi")
            if p is None:
                break
            kg = r.choice((5, 10, 15))
            what = f"beras jimpitan {kg} kg" if beras else "paket sembako"
            value = kg * 13_000 if beras else 75_000 * r.randint(1, 2)
            plan("Perlindungan Sosial", f"Penyaluran {what} a.n. {p['nama']}", "Barang", value,
                 f"{p['nama']} (RT {p['alamat'][3:5]})",
                 individual(p, f"Penyaluran {what.split(' ')[0] if beras else what}", "Perlindungan Sosial",
                            None))
        if r.random() < 0.3 and (p := person("Fakir Miskin", "Lanjut Usia Telantar")):
            cost = self.money(1_500_000, 5_000_000, 100_000)
            plan("Rehabilitasi Sosial", f"Bahan bangunan bedah rumah a.n. {p['nama']}", "Uang", cost, p["nama"],
                 individual(p, "Bedah rumah tidak layak huni", "Rehabilitasi Sosial",
                            mitra("bank", "baznas", "laz", "kalurahan")), minimum=1_000_000)
        if r.random() < 0.45 and (p := person("Lanjut Usia Telantar", "Penyandang Disabilitas",
                                                "Orang dengan HIV/AIDS", "Fakir Miskin")):
            plan("Rujukan", f"Transport rujukan ke RSUD Panembahan Senopati a.n. {p['nama']}", "Uang",
                 self.money(100_000, 350_000, 25_000), p["nama"],
                 individual(p, "Pendampingan rujukan ke RSUD Panembahan Senopati", "Rujukan",
                            mitra("rsud")))
        if r.random() < 0.5:
            n = r.randint(15, 45)
            plan("Pencegahan", "PMT posyandu lansia", "Uang", self.money(150_000, 400_000, 10_000),
                 f"{n} lansia", group("Posyandu lansia: PMT dan cek kesehatan", "Pencegahan", None, n,
                                      mitra("puskesmas")))
        if r.random() < 0.25 and (p := person("Perempuan Rawan Sosial Ekonomi")):
            plan("Pemberdayaan Sosial", f"Modal usaha warung kelontong a.n. {p['nama']}", "Uang",
                 self.money(500_000, 1_500_000, 50_000), p["nama"],
                 individual(p, "Bantuan modal usaha ekonomi produktif", "Pemberdayaan Sosial",
                            mitra("baznas", "laz")))
        if r.random() < 0.25 and (p := person("Fakir Miskin", "Penyandang Disabilitas")):
            plan("Jaminan Sosial", f"Iuran BPJS Kesehatan kelas III 3 bulan a.n. {p['nama']}", "Uang",
                 3 * 42_000, p["nama"],
                 individual(p, "Pembayaran iuran BPJS Kesehatan mandiri", "Jaminan Sosial", None))
        if r.random() < 0.2 and (p := person("Penyandang Disabilitas", "Anak dengan Kedisabilitasan")):
            plan("Rehabilitasi Sosial", f"Kursi roda untuk {p['nama']}", "Barang", 1_250_000, p["nama"],
                 individual(p, "Bantuan kursi roda", "Rehabilitasi Sosial", mitra("dinsos")))
        for m in meetings:
            if r.random() < 0.7:
                plan("Operasional", f"Konsumsi rapat {m['agenda'][0].lower()}{m['agenda'][1:]}", "Uang",
                     m["jumlah_hadir"] * r.choice((8_000, 10_000, 12_500)), None, when=m["tanggal_rapat"],
                     minimum=m["jumlah_hadir"] * 8_000)
        if r.random() < 0.6:
            plan("Operasional", "Pembelian ATK dan fotokopi formulir", "Uang", self.money(30_000, 150_000), None)

        # pay in date order; on one day expenses come before income (the cautious reading)
        events = [(x["tanggal"], 1, 0, x["jumlah"]) for x in income if x["bentuk"] == "Uang"]
        events += [(p["tanggal"], 0, i, p) for i, p in enumerate(plans)]
        events.sort(key=lambda e: (e[0], e[1], e[2]))
        balance = saldo
        kept = []
        for when, kind, _, item in events:
            if kind == 1:
                balance += item
                continue
            if item["bentuk"] == "Uang":
                if item["amount"] > balance:
                    item["amount"] = (balance * 9 // 10) // 5000 * 5000
                    if item["amount"] < item["min"]:
                        continue
                balance -= item["amount"]
            kept.append(item)

        spending, activities = [], []
        for p in kept:
            spending.append({"tanggal": p["tanggal"], "uraian": p["uraian"], "jenis_pengeluaran": p["jenis"],
                             "bentuk": p["bentuk"], "jumlah": p["amount"], "penerima": p["penerima"],
                             "keterangan": r.choice((None, None, "Nota terlampir", "Kuitansi terlampir"))})
            if p["kegiatan"]:
                activities.append({"tanggal": p["tanggal"], **p["kegiatan"], "nilai_bantuan": p["amount"],
                                   "keterangan": None})
        if r.random() < 0.5 or not activities:
            nama = r.choice(("Sosialisasi pencegahan pernikahan dini", "Penyuluhan bahaya NAPZA bersama Karang Taruna",
                             "Pendataan dan verifikasi PPKS", "Sosialisasi pencegahan kekerasan dalam rumah tangga"))
            activities.append({"tanggal": self.day(), **group(nama, "Pencegahan", None, r.randint(20, 60),
                                                                 mitra("puskesmas", "kkn", "dinsos")),
                               "nilai_bantuan": r.choice((0, None)), "keterangan": None})
        if not any(a["nik_penerima"] for a in activities):  # every book shows one distribution
            p = r.choice(ppks)
            activities.append({"tanggal": self.day(), **individual(p, "Kunjungan rumah dan pendampingan",
                                                                    "Perlindungan Sosial", None),
                               "nilai_bantuan": None, "keterangan": "Tanpa biaya"})
        return spending, activities

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
