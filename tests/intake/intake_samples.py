"""Hand-made intake files whose every row has a known outcome."""

import csv
from pathlib import Path

HEADER = [
    "nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah",
    "alamat", "pekerjaan", "penghasilan", "no_hp", "no_kk",
]  # fmt: skip

# Row 1 is the header; the comment gives the expected outcome of each data row.
MIXED_ROWS = [
    # 2 accepted: a fisherman in Manggar, Balikpapan
    ["6471010505850001", "Budi Santoso", "1985-05-05", "L", "64.71.01.1001", "Jl. Mulawarman RT 03", "nelayan", "2000000", "", ""],
    # 3 accepted: a woman (day + 40), label instead of code, Indonesian number formats
    ["6471054507900002", "Siti Aminah", "05/07/1990", "Perempuan", "64.71.05.1002", "", "Pedagang Pasar", "1.500.000", "0812-3456-7890", "6471050101080011"],
    # 4 duplicate: row 2's NIK again, spelt differently
    ["6471010505850001", "BUDI SANTOSO", "05-05-1985", "L", "64.71.01.1001", "", "nelayan", "", "", ""],
    # 5 nik: 15 digits
    ["647101050585001", "Andi Wijaya", "1985-05-05", "L", "64.71.01.1002", "", "ojek", "", "", ""],
    # 6 nik: Excel scientific notation
    ["6.47101E+15", "Rahmat Hidayat", "1985-05-05", "L", "64.71.01.1002", "", "ojek", "", "", ""],
    # 7 nik: serial 0000
    ["6471010505850000", "Joko Susilo", "1985-05-05", "L", "64.71.01.1002", "", "ojek", "", "", ""],
    # 8 tanggal_lahir disagrees with the NIK
    ["6471010606860003", "Dedi Kurniawan", "1986-06-07", "L", "64.71.01.1003", "", "sopir_angkutan", "", "", ""],
    # 9 jenis_kelamin disagrees with the NIK
    ["6471010707870004", "Wahyu Pratama", "1987-07-07", "P", "64.71.01.1003", "", "ojek", "", "", ""],
    # 10 kode_wilayah: unknown village
    ["6471010808880005", "Agus Salim", "1988-08-08", "L", "64.71.01.9999", "", "ojek", "", "", ""],
    # 11 nama: a spreadsheet formula
    ["6471010909890006", '=HYPERLINK("http://x","klik")', "1989-09-09", "L", "64.71.01.1003", "", "ojek", "", "", ""],
    # 12 pekerjaan: unknown
    ["6471011010900007", "Eko Prasetyo", "1990-10-10", "L", "64.71.01.1003", "", "astronot", "", "", ""],
    # 13 penghasilan: negative
    ["6471011111910008", "Fajar Nugroho", "1991-11-11", "L", "64.71.01.1003", "", "petani", "-50000", "", ""],
    # 14 accepted: NIK issued in Surabaya (35.78.01), domicile Balikpapan
    ["3578014101950003", "Dewi Lestari", "1995-01-01", "P", "64.71.01.1004", "", "prt", "", "+62 813 5555 1234", ""],
    # 15 nik: unknown province 99
    ["9971010505850009", "Gita Permata", "1985-05-05", "L", "64.71.01.1002", "", "ojek", "", "", ""],
    # 16 no_hp: not a phone number
    ["6471011212920010", "Hendra Gunawan", "1992-12-12", "L", "64.71.01.1003", "", "ojek", "", "12345", ""],
    # 17 nama: missing
    ["6471010101930011", "", "1993-01-01", "L", "64.71.01.1003", "", "ojek", "", "", ""],
]  # fmt: skip

EXPECTED_REJECTIONS = {
    5: "nik", 6: "nik", 7: "nik", 8: "tanggal_lahir", 9: "jenis_kelamin",
    10: "kode_wilayah", 11: "nama", 12: "pekerjaan", 13: "penghasilan",
    15: "nik", 16: "no_hp", 17: "nama",
}  # fmt: skip


def write_csv(path: Path, rows: list[list[str]], header=HEADER, delimiter=",", bom=False) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path
