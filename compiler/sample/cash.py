"""The cash books of one sample WKSBM: Pemasukan, then Pengeluaran and the Kegiatan they pay
for, kept so that the balance never goes below zero (a real treasurer cannot overspend).

`g` is the compiler.sample.books.BookDrawer drawing the WKSBM; its rng is used in a fixed order.
"""
from __future__ import annotations

import calendar
import datetime as dt

from compiler.sample.words import INCOME_KERJASAMA, INCOME_LAIN, INCOME_PEMERINTAH, INCOME_USAHA, MONTH_ID


def draw_income(g, donors) -> list[dict]:
    """Pemasukan: jimpitan, zakat, rentals, donors; Uang rows enough to pay for something."""
    r = g.rng
    rows = []

    def add(sumber, uraian, pihak, bentuk, jumlah, ket=None, when=None):
        rows.append({"tanggal": when or g.day(), "sumber_dana": sumber, "uraian": uraian,
                     "nama_donatur": pihak, "bentuk": bentuk, "jumlah": jumlah, "keterangan": ket})

    if r.random() < 0.75:
        rts = f"RT {g.rts[0]}-{g.rts[-1]}"
        for m in range(3):
            month = g.start.month + m
            when = g.day(dt.date(g.start.year, month, 20),
                         dt.date(g.start.year, month, calendar.monthrange(g.start.year, month)[1]))
            kg = r.randint(25, 90)
            add("Jimpitan Beras", f"Jimpitan beras warga {rts} bulan {MONTH_ID[month - 1]}",
                f"Warga {rts}", "Barang", kg * r.choice((12_000, 12_500, 13_000, 14_000)),
                f"{kg} kg, ditaksir", when)
    if r.random() < 0.4:
        add("Zakat Maal", "Zakat maal dari Baznas Kabupaten Bantul", "Baznas Kabupaten Bantul", "Uang",
            g.money(500_000, 3_000_000, 50_000))
    if r.random() < 0.5:
        uraian, lo, hi = r.choice(INCOME_USAHA)
        for _ in range(r.randint(1, 3)):
            add("Usaha WKSBM", uraian, f"Hajatan warga RT {g.rt()}", "Uang", g.money(lo, hi, 25_000))
    for d in r.sample(donors, r.randint(1, len(donors))):
        if r.random() < 0.8:
            add("Donatur", r.choice(("Sumbangan untuk santunan lansia", "Sumbangan rutin bulanan",
                                     "Sumbangan kegiatan sosial")), d["nama_donatur"], "Uang",
                g.money(100_000, 2_000_000, 50_000))
        else:
            n = r.randint(5, 25)
            add("Donatur", f"Sumbangan {n} paket sembako", d["nama_donatur"], "Barang", n * 75_000)
    if r.random() < 0.25:
        add("Barang Bekas", "Penjualan barang bekas (rosok) hasil pengumpulan warga", None, "Uang",
            g.money(50_000, 400_000))
    if r.random() < 0.15:
        uraian, pihak, lo, hi = r.choice(INCOME_KERJASAMA)
        add("Kerja Sama", uraian, pihak, "Uang", g.money(lo, hi, 250_000))
    if r.random() < 0.25:
        uraian, pihak, lo, hi = r.choice(INCOME_PEMERINTAH)
        add("Bantuan Pemerintah", g.text(uraian), g.text(pihak), "Uang", g.money(lo, hi, 250_000))
    if r.random() < 0.3 or sum(1 for x in rows if x["bentuk"] == "Uang") < 2:
        uraian, lo, hi = r.choice(INCOME_LAIN)
        add("Lainnya", uraian, None, "Uang", g.money(lo, hi, 10_000))
    return rows


class _Plans:
    """The expenses a WKSBM plans in a quarter, and the activity each one is: who receives it
    (each PPKS at most once), which partner helps, and the least it may be cut down to."""

    def __init__(self, g, ppks, roles):
        self.g, self.r, self.ppks, self.roles = g, g.rng, ppks, roles
        self.items: list[dict] = []
        self.by_kind: dict[str, list[dict]] = {}
        for p in ppks:
            self.by_kind.setdefault(p["jenis_ppks"], []).append(p)
        self.chosen: set[str] = set()

    def person(self, *kinds):
        pool = [p for k in kinds for p in self.by_kind.get(k, ()) if p["nik"] not in self.chosen] or \
               [p for p in self.ppks if p["nik"] not in self.chosen]
        if not pool:
            return None
        p = self.r.choice(pool)
        self.chosen.add(p["nik"])
        return p

    def mitra(self, *wanted):
        have = [self.roles[x] for x in wanted if x in self.roles]
        return self.r.choice(have) if have and self.r.random() < 0.8 else None

    def plan(self, jenis, uraian, bentuk, amount, penerima, kegiatan=None, when=None, minimum=20_000):
        self.items.append({"tanggal": when or self.g.day(), "jenis": jenis, "uraian": uraian, "bentuk": bentuk,
                           "amount": amount, "penerima": penerima, "kegiatan": kegiatan, "min": minimum})


def _individual(p, nama, jenis, mitra_):
    return {"nama_kegiatan": nama, "jenis_kegiatan": jenis, "jenis_ppks": p["jenis_ppks"],
            "nik_penerima": p["nik"], "jumlah_penerima": 1, "mitra": mitra_}


def _group(nama, jenis, sasaran, n, mitra_):
    return {"nama_kegiatan": nama, "jenis_kegiatan": jenis, "jenis_ppks": sasaran,
            "nik_penerima": None, "jumlah_penerima": n, "mitra": mitra_}


def _plan_help(g, pl: _Plans, income) -> None:
    """What goes to people: santunan, sembako, bedah rumah, rujukan, posyandu, modal, BPJS."""
    r, person, mitra, plan = g.rng, pl.person, pl.mitra, pl.plan
    lut = pl.by_kind.get("Lanjut Usia Telantar", [])
    if lut and r.random() < 0.7:
        each = r.choice((50_000, 100_000, 150_000))
        plan("Perlindungan Sosial", "Santunan uang lansia telantar", "Uang", each * len(lut),
             f"{len(lut)} lansia telantar",
             _group("Santunan lansia telantar", "Perlindungan Sosial", "Lanjut Usia Telantar", len(lut),
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
             _individual(p, f"Penyaluran {what.split(' ')[0] if beras else what}", "Perlindungan Sosial",
                         None))
    if r.random() < 0.3 and (p := person("Fakir Miskin", "Lanjut Usia Telantar")):
        cost = g.money(1_500_000, 5_000_000, 100_000)
        plan("Rehabilitasi Sosial", f"Bahan bangunan bedah rumah a.n. {p['nama']}", "Uang", cost, p["nama"],
             _individual(p, "Bedah rumah tidak layak huni", "Rehabilitasi Sosial",
                         mitra("bank", "baznas", "laz", "kalurahan")), minimum=1_000_000)
    if r.random() < 0.45 and (p := person("Lanjut Usia Telantar", "Penyandang Disabilitas",
                                            "Orang dengan HIV/AIDS", "Fakir Miskin")):
        plan("Rujukan", f"Transport rujukan ke RSUD Panembahan Senopati a.n. {p['nama']}", "Uang",
             g.money(100_000, 350_000, 25_000), p["nama"],
             _individual(p, "Pendampingan rujukan ke RSUD Panembahan Senopati", "Rujukan",
                         mitra("rsud")))
    if r.random() < 0.5:
        n = r.randint(15, 45)
        plan("Pencegahan", "PMT posyandu lansia", "Uang", g.money(150_000, 400_000, 10_000),
             f"{n} lansia", _group("Posyandu lansia: PMT dan cek kesehatan", "Pencegahan", None, n,
                                   mitra("puskesmas")))
    if r.random() < 0.25 and (p := person("Perempuan Rawan Sosial Ekonomi")):
        plan("Pemberdayaan Sosial", f"Modal usaha warung kelontong a.n. {p['nama']}", "Uang",
             g.money(500_000, 1_500_000, 50_000), p["nama"],
             _individual(p, "Bantuan modal usaha ekonomi produktif", "Pemberdayaan Sosial",
                         mitra("baznas", "laz")))
    if r.random() < 0.25 and (p := person("Fakir Miskin", "Penyandang Disabilitas")):
        plan("Jaminan Sosial", f"Iuran BPJS Kesehatan kelas III 3 bulan a.n. {p['nama']}", "Uang",
             3 * 42_000, p["nama"],
             _individual(p, "Pembayaran iuran BPJS Kesehatan mandiri", "Jaminan Sosial", None))
    if r.random() < 0.2 and (p := person("Penyandang Disabilitas", "Anak dengan Kedisabilitasan")):
        plan("Rehabilitasi Sosial", f"Kursi roda untuk {p['nama']}", "Barang", 1_250_000, p["nama"],
             _individual(p, "Bantuan kursi roda", "Rehabilitasi Sosial", mitra("dinsos")))


def _plan_running_costs(g, pl: _Plans, meetings) -> None:
    r = g.rng
    for m in meetings:
        if r.random() < 0.7:
            pl.plan("Operasional", f"Konsumsi rapat {m['agenda'][0].lower()}{m['agenda'][1:]}", "Uang",
                    m["jumlah_hadir"] * r.choice((8_000, 10_000, 12_500)), None, when=m["tanggal_rapat"],
                    minimum=m["jumlah_hadir"] * 8_000)
    if r.random() < 0.6:
        pl.plan("Operasional", "Pembelian ATK dan fotokopi formulir", "Uang", g.money(30_000, 150_000), None)


def _paid(plans: list[dict], income, saldo) -> list[dict]:
    """The plans paid in date order (on one day expenses before income, the cautious reading);
    one the cash cannot cover is cut down to 90 % of what is left, or dropped below its least."""
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
    return kept


def draw_spending(g, ppks, roles, meetings, income, saldo):
    """Expenses and activities. Plans are made first, then paid in date order: an expense
    the cash cannot cover is cut down or dropped, so the balance never goes below 0."""
    r = g.rng
    pl = _Plans(g, ppks, roles)
    _plan_help(g, pl, income)
    _plan_running_costs(g, pl, meetings)
    spending, activities = [], []
    for p in _paid(pl.items, income, saldo):
        spending.append({"tanggal": p["tanggal"], "uraian": p["uraian"], "jenis_pengeluaran": p["jenis"],
                         "bentuk": p["bentuk"], "jumlah": p["amount"], "penerima": p["penerima"],
                         "keterangan": r.choice((None, None, "Nota terlampir", "Kuitansi terlampir"))})
        if p["kegiatan"]:
            activities.append({"tanggal": p["tanggal"], **p["kegiatan"], "nilai_bantuan": p["amount"],
                               "keterangan": None})
    if r.random() < 0.5 or not activities:
        nama = r.choice(("Sosialisasi pencegahan pernikahan dini", "Penyuluhan bahaya NAPZA bersama Karang Taruna",
                         "Pendataan dan verifikasi PPKS", "Sosialisasi pencegahan kekerasan dalam rumah tangga"))
        activities.append({"tanggal": g.day(), **_group(nama, "Pencegahan", None, r.randint(20, 60),
                                                           pl.mitra("puskesmas", "kkn", "dinsos")),
                           "nilai_bantuan": r.choice((0, None)), "keterangan": None})
    if not any(a["nik_penerima"] for a in activities):  # every book shows one distribution
        p = r.choice(ppks)
        activities.append({"tanggal": g.day(), **_individual(p, "Kunjungan rumah dan pendampingan",
                                                              "Perlindungan Sosial", None),
                           "nilai_bantuan": None, "keterangan": "Tanpa biaya"})
    return spending, activities
