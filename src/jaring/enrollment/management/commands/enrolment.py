"""``jaring enrolment export|import`` — registration batches to BPJS and its responses.

    jaring enrolment export --programme KODE [--format xlsx|csv] [--out FILE]
                            [--first-month YYYY-MM] [--layout KODE] [--batch NOMOR]
    jaring enrolment import FILE --programme KODE [--ganti --user USERNAME] [--json]
    jaring enrolment renew --programme KODE --user USERNAME [--code KODE] [--json]

``export`` puts every participant not yet sent into a new batch and writes its file
(``--batch`` writes an existing batch's file again). ``import`` reads BPJS's answer;
with ``--ganti`` (and a programme manager's ``--user``) rejected persons are replaced
from the waiting list. ``renew`` closes the programme and opens next year's with the
continuing participants re-checked (``enrollment.renewal``). Exit 0 when processed
(even with refused rows), 2 when the file or the arguments cannot be used, 1 when the
step is not possible now.
"""

import json
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from jaring import commands
from jaring.accounts.audit import log_command_access
from jaring.accounts.models import AccessAction
from jaring.commands import (
    month_arg,
    print_import,
    program_arg,
    run_file_import,
    user_arg,
)
from jaring.enrollment import export
from jaring.enrollment.models import BatchPendaftaran, TataLetak
from jaring.enrollment.renewal import RenewalError, renew
from jaring.enrollment.responses import import_response
from jaring.enrollment.services import EnrolmentError, create_batch
from jaring.programs.services import WorkflowError


class Command(commands.Command):
    help = "Pendaftaran peserta ke BPJS: ekspor batch pendaftaran dan impor respons BPJS."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="aksi", required=True, metavar="AKSI")
        out = actions.add_parser("export", help="Buat batch pendaftaran dan tulis berkasnya.")
        out.add_argument("--programme", "--program", dest="program", required=True)
        out.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        out.add_argument("--out", type=Path, help="berkas keluaran (bawaan: NOMOR-BATCH.xlsx)")
        out.add_argument("--first-month", help="bulan pertama perlindungan, TTTT-BB")
        out.add_argument("--layout", help="kode tata letak cabang BPJS (bawaan: bpu-kolektif)")
        out.add_argument("--batch", help="tulis ulang berkas batch yang sudah ada")
        load = actions.add_parser("import", help="Impor respons BPJS (KPJ atau penolakan).")
        load.add_argument("file", type=Path, metavar="FILE")
        load.add_argument("--programme", "--program", dest="program", required=True)
        load.add_argument("--ganti", action="store_true",
                          help="ganti peserta yang ditolak dari daftar tunggu")  # fmt: skip
        load.add_argument("--user", help="akun pengelola program yang mencatat penggantian")
        load.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
        again = actions.add_parser("renew", help="Tutup program dan buka tahun berikutnya.")
        again.add_argument("--programme", "--program", dest="program", required=True)
        again.add_argument("--user", required=True, help="akun pengelola program")
        again.add_argument("--code", help="kode program tahun berikutnya")
        again.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        program = program_arg(options["program"])
        try:
            if options["aksi"] == "export":
                self.export(program, options)
            elif options["aksi"] == "renew":
                self.renew(program, options)
            else:
                self.load(program, options)
        except (EnrolmentError, RenewalError, WorkflowError) as exc:
            raise CommandError(str(exc)) from exc

    def export(self, program, options):
        if options["batch"]:
            batch = BatchPendaftaran.objects.filter(program=program, nomor=options["batch"]).first()
            if batch is None:
                raise CommandError(f"Batch {options['batch']} tidak ditemukan.", returncode=2)
        else:
            layout = None
            if options["layout"]:
                layout = TataLetak.objects.filter(kode=options["layout"]).first()
                if layout is None:
                    raise CommandError(f"Tata letak {options['layout']} tidak ada.", returncode=2)
            first = month_arg(options["first_month"]) if options["first_month"] else None
            batch = create_batch(user=None, program=program, bulan_pertama=first,
                                 tata_letak=layout)  # fmt: skip
        path = options["out"] or Path(export.filename(batch, options["format"]))
        frame = export.batch_frame(batch)
        path.write_bytes(export.render(frame, options["format"]))
        log_command_access(
            AccessAction.EXPORT_PERSONS,
            batch.nomor,
            detail=f"Batch pendaftaran BPJS ({options['format']}), {frame.height} peserta, {path}",
        )
        self.stdout.write(
            f"Batch {batch.nomor}: {batch.jumlah} peserta, bulan pertama "
            f"{batch.bulan_pertama:%m/%Y}, ditulis ke {path}."
        )

    def renew(self, program, options):
        try:
            result = renew(user=user_arg(options["user"]), program=program, kode=options["code"])
        except PermissionDenied as exc:
            raise CommandError("Pengguna ini bukan pengelola program tersebut.") from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{program.kode} ditutup; {result.program.kode} dibuka (draf): "
            f"{result.continuing} peserta lanjut, {result.newcomers} dari daftar tunggu, "
            f"tidak lanjut: {result.reasons or 0}."
        )

    def load(self, program, options):
        user = user_arg(options["user"])
        if options["ganti"] and user is None:
            raise CommandError("--ganti memerlukan --user (akun pengelola program).", returncode=2)
        result = run_file_import(
            import_response, options["file"], user=user, program=program, ganti=options["ganti"]
        )
        print_import(
            self,
            result,
            as_json=options["json"],
            counts=("rows", "rejected", "diterima", "ditolak", "unchanged", "diganti"),
            summary="Respons {r.nomor}: {r.rows} baris — {r.diterima} diterima, {r.ditolak} "
            "ditolak BPJS, {r.unchanged} sudah tercatat, {r.rejected} baris ditolak, "
            "{r.diganti} diganti dari daftar tunggu.",
        )
