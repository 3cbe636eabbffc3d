"""Word lists for the sample workbooks (compiler.sample.generate): what a Bantul WKSBM writes.

Everything here is fictitious but written the way a WKSBM volunteer in Bantul would write
it: Javanese names by generation, RT addresses, the leaflet's fund sources and activities
(jimpitan beras, zakat maal, persewaan tenda), the usual partners (Puskesmas, RSUD Panembahan
Senopati, Baznas). Kept apart from the drawing code so that either reads on its own.
"""

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

