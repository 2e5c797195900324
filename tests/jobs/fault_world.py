"""Steps of the worker fault tests, run as their own process against the database the
environment names (JARING_VAR_DIR for SQLite, DATABASE_URL for PostgreSQL), exactly as
the web app would take them; each prints one JSON line.

    python fault_world.py billing-world PARTICIPANTS   → {"program": id}
    python fault_world.py upload PATH                  → {"submission": id}
    python fault_world.py bill PROGRAM YYYY-MM         → {"job": id, "already_running": bool}
"""

import datetime as dt
import json
import os
import sys
from decimal import Decimal

START = dt.date(2027, 1, 1)


def billing_world(participants: int) -> dict:
    """An approved programme with ``participants`` accepted participants and two funders
    (two invoices per month), written set-based in SQL both databases understand."""
    from django.db import connection, transaction
    from django.utils import timezone

    from jaring.accounts.models import Role, User
    from jaring.programs.models import Program, ProgramPendana, StatusProgram

    User.objects.create_superuser("admin-uji", "a@example.org", None, role=Role.ADMIN)
    program = Program.objects.create(
        kode="UJI-2027", nama="Uji", dasar_hukum_jenis="pergub", dasar_hukum_nomor="1",
        wilayah_id="64", bulan_mulai=START, jumlah_bulan=12, kuota_total=participants,
        alokasi="tetap", status=StatusProgram.DITETAPKAN,
    )  # fmt: skip
    for pendana, share in {"apbd_provinsi": Decimal(60), "apbd_kabkota": Decimal(40)}.items():
        ProgramPendana.objects.create(program=program, pendana=pendana, porsi_persen=share)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO registry_person (nik, nama, nama_kunci, tanggal_lahir, jenis_kelamin,
                kode_wilayah, alamat, pekerjaan, penghasilan, no_hp, no_kk, created_at,
                updated_at)
            WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %s)
            SELECT CAST(6471010101000000 + i AS TEXT), 'Pekerja ' || CAST(i AS TEXT),
                   'PEKERJA ' || CAST(i AS TEXT), %s,
                   CASE WHEN i %% 2 = 0 THEN 'L' ELSE 'P' END,
                   (SELECT MIN(kode) FROM wilayah_wilayah
                    WHERE tingkat = 4 AND kode LIKE '64.71.%%'),
                   '', 'ojek', NULL, '', '', %s, %s
            FROM s
            """,
            [participants, dt.date(1985, 6, 1), timezone.now(), timezone.now()],
        )
        cursor.execute(
            """
            INSERT INTO programs_penerima (program_id, person_id, nomor_urut, kode_kabupaten,
                skor, alasan_keluar)
            SELECT %s, id, ROW_NUMBER() OVER (ORDER BY id), substr(kode_wilayah, 1, 5), 0, ''
            FROM registry_person
            """,
            [program.pk],
        )
        cursor.execute(
            """
            INSERT INTO enrollment_peserta (program_id, person_id, nomor_urut, kode_kabupaten,
                status, kpj, alasan_tolak, bulan_mulai, bulan_akhir, alasan_berakhir,
                keterangan_berakhir, updated_at)
            SELECT program_id, person_id, nomor_urut, kode_kabupaten, 'diterima',
                   CAST(90000000000 + nomor_urut AS TEXT), '', %s, %s, '', '', %s
            FROM programs_penerima WHERE program_id = %s
            """,
            [START, program.bulan_akhir, timezone.now(), program.pk],
        )
    return {"program": program.pk}


def upload(path: str) -> dict:
    """What the upload page does: keep the file as a submission, queue it."""
    from pathlib import Path

    from jaring.intake.models import Submission
    from jaring.intake.services import create_submission
    from jaring.intake.tasks import process_submission_task
    from jaring.registry.models import Agency
    from jaring.registry.services import add_agency

    agency = Agency.objects.filter(kode="DKP-6471").first() or add_agency(
        kode="DKP-6471", nama="DKP3 Balikpapan", wilayah_kode="64.71"
    )
    submission: Submission = create_submission(path=Path(path), agency=agency)
    process_submission_task.enqueue(submission.pk)
    return {"submission": submission.pk}


def bill(program_id: str, month: str) -> dict:
    """What the billing button does (``contributions.views.billing_run``)."""
    from jaring.accounts.models import User
    from jaring.contributions.views import HANDLER
    from jaring.jobs.services import start_job

    job = start_job(
        jenis=f"Penagihan iuran {month}",
        handler=HANDLER,
        target=f"iuran:{program_id}",
        user=User.objects.get(username="admin-uji"),
        params={"program_id": int(program_id), "month": month},
    )
    return {"job": job.pk, "already_running": getattr(job, "already_running", None)}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jaring.settings")
    import django

    django.setup()
    command, *args = sys.argv[1:]
    step = {"billing-world": billing_world, "upload": upload, "bill": bill}[command]
    print(json.dumps(step(*(int(a) if a.isdigit() else a for a in args))))
