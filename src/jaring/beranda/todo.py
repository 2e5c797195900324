"""What waits for a user: the home page's to-do list ("Perlu ditindaklanjuti").

Each item is one small provider function ``provider(user) -> list[Item]`` that counts
one kind of work with the owning app's own scoped query (its ``queries.py``: the user's
region is applied there, never here) and links to the page where the work is done. A
role's list is ``PROVIDERS[role]``, in the order the work comes; a provider answers
nothing when there is nothing to do (or when the role may not do that work), so the
page shows "all done" when every provider is empty.

Adding a kind of work is one function and one line in ``PROVIDERS``: a complaint queue,
for instance, is ``complaints_waiting(user)`` returning an ``Item`` from
``pengaduan.queries.waiting_for(user)``, listed under ``Role.VERIFIER``.

Every provider must stay cheap (the home page is the most visited one): a count or a
sum over an indexed, scoped query, never a walk over participants or lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jaring.accounts import roles
from jaring.accounts.models import Role
from jaring.accounts.policy import (
    can_bill,
    can_enrol,
    can_import_claims,
    can_manage_program,
    can_review_matches,
    can_see_complaints,
    can_verify_region,
    is_admin,
    is_second_person,
)
from jaring.claims.queries import reports as claim_reports
from jaring.contributions import queries as contributions
from jaring.core.months import month_start, months_between
from jaring.enrollment import queries as enrolment
from jaring.enrollment.models import BatchPendaftaran, Peserta, ResponBpjs, StatusPendaftaran
from jaring.enrollment.services import rejected_to_replace
from jaring.intake import queries as intake
from jaring.jobs.models import Job, JobStatus
from jaring.matching.queries import review_queue
from jaring.pengaduan import queries as complaints
from jaring.programs.models import KuotaWilayah, Program, StatusProgram, VerifikasiWilayah
from jaring.programs.queries import programs_for, regency_scope
from jaring.programs.services import pending_amendments, selection_run_by


@dataclass(frozen=True)
class Item:
    """One kind of work waiting: a sentence with its count, where to do it, and (for
    money) how many rupiah."""

    key: str  # stable name of the kind of work (the page's ``data-item``)
    text: str  # the task in plain words, the count included
    url: str
    count: int
    rupiah: int | None = None
    detail: str = ""  # a second line: what the count is made of
    urgent: bool = False  # late (overdue money, a long wait), shown first and marked


Provider = Callable[..., list[Item]]


def n(value: int) -> str:
    """A count as people read it (thousands grouped in the user's language)."""
    return str(intcomma(value))


def one_or_list(
    programs: Iterable[Program | int], detail: str, index: str, suffix: str = ""
) -> str:
    """The programme's own page when the work lies in one programme, else the list."""
    ids = {p if isinstance(p, int) else p.pk for p in programs}
    if len(ids) == 1:
        return reverse(detail, args=[ids.pop()]) + suffix
    return reverse(index)


# --- Operator: the agency's own submissions ---------------------------------------


def rejected_rows(user) -> list[Item]:
    totals = intake.rejected_to_fix(intake.submissions_for(user)).aggregate(
        files=Count("id"), rows=Sum("rejected")
    )
    files = totals["files"]
    if not files:
        return []
    return [
        Item(
            key="baris_ditolak",
            text=ngettext(
                "%(n)s pengajuan punya baris ditolak yang perlu diperbaiki dan dikirim lagi",
                "%(n)s pengajuan punya baris ditolak yang perlu diperbaiki dan dikirim lagi",
                files,
            )
            % {"n": n(files)},
            detail=ngettext(
                "%(n)s baris ditolak, dalam %(days)s hari terakhir",
                "%(n)s baris ditolak, dalam %(days)s hari terakhir",
                totals["rows"],
            )
            % {"n": n(totals["rows"]), "days": intake.FOLLOW_UP_DAYS},
            url=reverse("intake:list") + "?perlu=perbaikan",
            count=files,
        )
    ]


def failed_uploads(user) -> list[Item]:
    count = intake.failed_recently(intake.submissions_for(user)).count()
    if not count:
        return []
    return [
        Item(
            key="unggahan_gagal",
            text=ngettext(
                "%(n)s berkas gagal dibaca: periksa alasannya dan unggah ulang",
                "%(n)s berkas gagal dibaca: periksa alasannya dan unggah ulang",
                count,
            )
            % {"n": n(count)},
            url=reverse("intake:list") + "?perlu=gagal",
            count=count,
            urgent=True,
        )
    ]


# --- Verifier: pairs to decide, regency lists to verify ----------------------------


def pairs_to_decide(user) -> list[Item]:
    if not can_review_matches(user):
        return []
    count = review_queue(user).count()
    if not count:
        return []
    return [
        Item(
            key="pasangan",
            text=ngettext(
                "%(n)s pasangan data menunggu keputusan Anda: orang yang sama atau berbeda?",
                "%(n)s pasangan data menunggu keputusan Anda: orang yang sama atau berbeda?",
                count,
            )
            % {"n": n(count)},
            url=reverse("matching:queue"),
            count=count,
        )
    ]


def lists_to_verify(user) -> list[Item]:
    """Regency lists of a draft programme whose selection is current and which their
    verifier has not confirmed yet (approval waits for every one of them)."""
    if not (is_admin(user) or user.role == Role.VERIFIER):
        return []
    ready = [
        p.pk
        for p in programmes(user)
        if p.status == StatusProgram.DRAF and not p.perlu_seleksi_ulang and p.seleksi_pada
    ]
    if not ready:
        return []
    verified = VerifikasiWilayah.objects.filter(
        program=OuterRef("program"), wilayah=OuterRef("wilayah")
    )
    waiting = [
        (program_id, kode)
        for program_id, kode in KuotaWilayah.objects.filter(program__in=ready, terpilih__gt=0)
        .filter(regency_scope(user, "wilayah__kode"))
        .exclude(Exists(verified))
        .values_list("program_id", "wilayah_id")
        if can_verify_region(user, kode)
    ]
    if not waiting:
        return []
    programs = {p for p, _ in waiting}
    return [
        Item(
            key="verifikasi",
            text=ngettext(
                "%(n)s daftar terpilih kabupaten/kota menunggu verifikasi Anda",
                "%(n)s daftar terpilih kabupaten/kota menunggu verifikasi Anda",
                len(waiting),
            )
            % {"n": n(len(waiting))},
            url=one_or_list(programs, "programs:detail", "programs:list", "#alur"),
            count=len(waiting),
        )
    ]


# --- Programme manager: the programme's next step ----------------------------------


def programmes(user) -> list[Program]:
    """The programmes the user sees (``programs.queries.programs_for``), read once per
    list (``items_for``) and shared by its providers: a handful of rows."""
    cached = getattr(user, "_beranda_programmes", None)
    if cached is None:
        cached = list(programs_for(user))
        user._beranda_programmes = cached
    return cached


def managed(user, *statuses: str) -> list[Program]:
    """Programmes of the user's scope in ``statuses`` that they manage."""
    return [
        p
        for p in programmes(user)
        if p.status in statuses and can_manage_program(user, p.wilayah_id)
    ]


def programme_item(key: str, programs: list[Program], text: str) -> Item:
    """An item counting programmes; ``text`` has the count as ``%(n)s``."""
    count = len(programs)
    return Item(
        key=key,
        text=text % {"n": n(count)},
        detail=", ".join(p.nama for p in programs[:3]) + (" …" if count > 3 else ""),
        url=one_or_list(programs, "programs:detail", "programs:list", "#alur"),
        count=count,
    )


def selections_to_run(user) -> list[Item]:
    drafts = [p for p in managed(user, StatusProgram.DRAF) if p.perlu_seleksi_ulang]
    never = [p for p in drafts if p.seleksi_pada is None]
    again = [p for p in drafts if p.seleksi_pada is not None]
    items = []
    if again:
        items.append(
            programme_item(
                "seleksi_ulang",
                again,
                ngettext(
                    "%(n)s program perlu seleksi ulang: aturan berubah atau verifikator mencoret "
                    "pekerja",
                    "%(n)s program perlu seleksi ulang: aturan berubah atau verifikator mencoret "
                    "pekerja",
                    len(again),
                ),
            )
        )
    if never:
        items.append(
            programme_item(
                "seleksi",
                never,
                ngettext(
                    "%(n)s program belum diseleksi",
                    "%(n)s program belum diseleksi",
                    len(never),
                ),
            )
        )
    return items


def approvals(user) -> list[Item]:
    """Drafts whose current selection every regency with selected persons verified."""
    unverified = KuotaWilayah.objects.filter(program=OuterRef("pk"), terpilih__gt=0).exclude(
        Exists(
            VerifikasiWilayah.objects.filter(
                program=OuterRef("program"), wilayah=OuterRef("wilayah")
            )
        )
    )
    selected = [
        p
        for p in managed(user, StatusProgram.DRAF)
        if not p.perlu_seleksi_ulang and p.seleksi_pada is not None
    ]
    if not selected:
        return []
    ready = set(
        Program.objects.filter(pk__in=[p.pk for p in selected])
        .filter(Exists(KuotaWilayah.objects.filter(program=OuterRef("pk"), terpilih__gt=0)))
        .exclude(Exists(unverified))
        .values_list("pk", flat=True)
    )
    # Whoever ran the selection does not approve it (the two-person rule).
    programs = [
        p for p in selected if p.pk in ready and is_second_person(user, selection_run_by(p))
    ]
    if not programs:
        return []
    return [
        programme_item(
            "persetujuan",
            programs,
            ngettext(
                "%(n)s program sudah diverifikasi dan menunggu persetujuan Anda",
                "%(n)s program sudah diverifikasi dan menunggu persetujuan Anda",
                len(programs),
            ),
        )
    ]


def amendments_to_approve(user) -> list[Item]:
    """Amendments another manager prepared, waiting for this one's approval."""
    waiting = {
        p: pending_amendments(p).exclude(created_by=user).count()
        for p in managed(user, StatusProgram.DISETUJUI, StatusProgram.DITETAPKAN)
    }
    programs = [p for p, count in waiting.items() if count]
    if not programs:
        return []
    total = sum(waiting.values())
    return [
        Item(
            key="amandemen",
            text=ngettext(
                "%(n)s amandemen daftar penerima menunggu persetujuan Anda",
                "%(n)s amandemen daftar penerima menunggu persetujuan Anda",
                total,
            )
            % {"n": n(total)},
            detail=_("disiapkan pengelola program lain"),
            url=(
                reverse("programs:beneficiaries", args=[programs[0].pk]) + "#amendments"
                if len(programs) == 1
                else reverse("programs:list")
            ),
            count=total,
        )
    ]


def decrees_to_record(user) -> list[Item]:
    programs = managed(user, StatusProgram.DISETUJUI)
    if not programs:
        return []
    return [
        programme_item(
            "sk",
            programs,
            ngettext(
                "%(n)s program sudah disetujui dan menunggu SK dicatat",
                "%(n)s program sudah disetujui dan menunggu SK dicatat",
                len(programs),
            ),
        )
    ]


def rejected_to_replace_item(user) -> list[Item]:
    """Persons BPJS rejected, still on the list: an amendment replaces them from the
    waiting list."""
    counts = {
        p: len(rejected_to_replace(p))
        for p in managed(user, *enrolment.RUNNING)
        if p.status != StatusProgram.SELESAI
    }
    programs = [p for p, count in counts.items() if count]
    if not programs:
        return []
    total = sum(counts.values())
    return [
        Item(
            key="ganti_ditolak",
            text=ngettext(
                "%(n)s penerima ditolak BPJS dan perlu diganti dari daftar tunggu",
                "%(n)s penerima ditolak BPJS dan perlu diganti dari daftar tunggu",
                total,
            )
            % {"n": n(total)},
            url=one_or_list(programs, "enrollment:program", "enrollment:index", "?status=ditolak"),
            count=total,
        )
    ]


# --- Enrolment: batches BPJS has not answered, ends BPJS must act on -----------------


def enrollable(user) -> list[Program]:
    """Approved programmes (``enrollment.queries.RUNNING``) whose exchange with BPJS
    the user may carry out."""
    return [
        p
        for p in programmes(user)
        if p.status in enrolment.RUNNING and can_enrol(user, p.wilayah_id)
    ]


def batches_unanswered(user, *, for_bpjs: bool = False) -> list[Item]:
    programs = enrollable(user)
    if not programs:
        return []
    batches = enrolment.batches_waiting(user, programs)
    count = batches.count()
    if not count:
        return []
    persons = (
        Peserta.objects.filter(batch__in=batches, status=StatusPendaftaran.DIKIRIM)
        .filter(regency_scope(user))
        .count()
    )
    in_programs = set(batches.values_list("program_id", flat=True))
    if for_bpjs:
        text = ngettext(
            "%(n)s batch pendaftaran menunggu jawaban Anda (KPJ atau alasan penolakan)",
            "%(n)s batch pendaftaran menunggu jawaban Anda (KPJ atau alasan penolakan)",
            count,
        )
    else:
        text = ngettext(
            "%(n)s batch pendaftaran belum dijawab BPJS",
            "%(n)s batch pendaftaran belum dijawab BPJS",
            count,
        )
    return [
        Item(
            key="batch",
            text=text % {"n": n(count)},
            detail=ngettext(
                "%(n)s peserta menunggu nomor KPJ", "%(n)s peserta menunggu nomor KPJ", persons
            )
            % {"n": n(persons)},
            url=one_or_list(
                in_programs, "enrollment:program", "enrollment:index", "?status=dikirim"
            ),
            count=count,
        )
    ]


def batches_to_answer(user) -> list[Item]:
    return batches_unanswered(user, for_bpjs=True)


def ends_reported(user) -> list[Item]:
    programs = enrollable(user)
    if not programs:
        return []
    rows = enrolment.ends_reported(Peserta.objects.filter(program__in=programs)).filter(
        regency_scope(user)
    )
    per_program = dict(rows.values("program").annotate(c=Count("id")).values_list("program", "c"))
    count = sum(per_program.values())
    if not count:
        return []
    return [
        Item(
            key="berakhir",
            text=ngettext(
                "%(n)s peserta dilaporkan meninggal atau pindah: tutup kepesertaannya",
                "%(n)s peserta dilaporkan meninggal atau pindah: tutup kepesertaannya",
                count,
            )
            % {"n": n(count)},
            detail=_("dalam %(days)s hari terakhir") % {"days": enrolment.FOLLOW_UP_DAYS},
            url=one_or_list(
                [p for p in programs if p.pk in per_program],
                "enrollment:program",
                "enrollment:index",
                "?berakhir=dilaporkan",
            ),
            count=count,
        )
    ]


def claim_reports_due(user, today: dt.date | None = None) -> list[Item]:
    """Months gone by without a claim report, once BPJS has accepted participants: BPJS
    reports the claims it paid every month."""
    if not can_import_claims(user):
        return []
    accepted = ResponBpjs.objects.filter(program=OuterRef("program_id"), diterima__gt=0)
    first = (
        BatchPendaftaran.objects.filter(program__in=enrollable(user))
        .filter(Exists(accepted))
        .aggregate(m=Min("bulan_pertama"))["m"]
    )
    if first is None:
        return []
    this_month = month_start(today or timezone.localdate())
    last = claim_reports(user).order_by("-created_at").values_list("created_at", flat=True).first()
    if last is not None:
        months = months_between(month_start(timezone.localtime(last).date()), this_month) - 1
    else:
        months = months_between(first, this_month) - 1
    if months <= 0:
        return []
    return [
        Item(
            key="laporan_klaim",
            text=ngettext(
                "Laporan klaim belum diimpor selama %(n)s bulan",
                "Laporan klaim belum diimpor selama %(n)s bulan",
                months,
            )
            % {"n": n(months)},
            detail=_("laporan terakhir: belum pernah")
            if last is None
            else _("laporan terakhir diimpor %(date)s")
            % {"date": timezone.localtime(last).strftime("%d-%m-%Y")},
            url=reverse("claims:index"),
            count=months,
            urgent=months > 1,
        )
    ]


# --- Finance: money to collect, files to correct, months to bill -------------------


def invoices_unpaid(user, today: dt.date | None = None) -> list[Item]:
    rows = contributions.outstanding_regions(user)
    overdue_before = contributions.last_overdue_month(today)
    late = Q(tagihan__bulan__lte=overdue_before)
    totals = rows.aggregate(
        late_n=Count("tagihan", distinct=True, filter=late),
        late_rp=Sum("jumlah", filter=late) - Sum("dibayar", filter=late),
        due_n=Count("tagihan", distinct=True, filter=~late),
        due_rp=Sum("jumlah", filter=~late) - Sum("dibayar", filter=~late),
    )
    if not totals["late_n"] and not totals["due_n"]:
        return []
    programs = set(rows.values_list("tagihan__program_id", flat=True).distinct())
    url = one_or_list(programs, "contributions:program", "contributions:index")
    items = []
    if totals["late_n"]:
        items.append(
            Item(
                key="tagihan_terlambat",
                text=ngettext(
                    "%(n)s tagihan iuran lewat jatuh tempo dan belum lunas",
                    "%(n)s tagihan iuran lewat jatuh tempo dan belum lunas",
                    totals["late_n"],
                )
                % {"n": n(totals["late_n"])},
                detail=_("jatuh tempo tanggal %(day)s bulan berikutnya")
                % {"day": contributions.DUE_DAY},
                url=url,
                count=totals["late_n"],
                rupiah=totals["late_rp"],
                urgent=True,
            )
        )
    if totals["due_n"]:
        items.append(
            Item(
                key="tagihan_belum_lunas",
                text=ngettext(
                    "%(n)s tagihan iuran belum lunas (belum jatuh tempo)",
                    "%(n)s tagihan iuran belum lunas (belum jatuh tempo)",
                    totals["due_n"],
                )
                % {"n": n(totals["due_n"])},
                url=url,
                count=totals["due_n"],
                rupiah=totals["due_rp"],
            )
        )
    return items


def payment_files_refused(user) -> list[Item]:
    if not (is_admin(user) or user.role in (Role.FINANCE, Role.MANAGER)):
        return []
    files = list(contributions.refused_payment_files(user).values_list("nomor", "rejected"))
    if not files:
        return []
    rows = sum(r for _, r in files)
    if len(files) == 1:
        url = reverse("contributions:payments_result", args=[files[0][0]])
    else:
        url = reverse("contributions:payments_import")
    return [
        Item(
            key="pembayaran_ditolak",
            text=ngettext(
                "%(n)s berkas pembayaran punya baris yang ditolak: perbaiki dan impor lagi",
                "%(n)s berkas pembayaran punya baris yang ditolak: perbaiki dan impor lagi",
                len(files),
            )
            % {"n": n(len(files))},
            detail=ngettext(
                "%(n)s baris ditolak, dalam %(days)s hari terakhir",
                "%(n)s baris ditolak, dalam %(days)s hari terakhir",
                rows,
            )
            % {"n": n(rows), "days": contributions.FOLLOW_UP_DAYS},
            url=url,
            count=len(files),
        )
    ]


def payments_to_confirm(user) -> list[Item]:
    """Payments another officer recorded (a file, or above the threshold), waiting for
    this one's confirmation before they count."""
    if not (is_admin(user) or user.role in (Role.FINANCE, Role.MANAGER)):
        return []
    rows = contributions.payments_to_confirm(user)
    totals = rows.aggregate(n=Count("id"), rp=Sum("jumlah"))
    if not totals["n"]:
        return []
    files = set(rows.values_list("impor__nomor", flat=True))
    invoices = set(rows.values_list("tagihan__nomor", flat=True))
    if len(files) == 1 and None not in files:
        url = reverse("contributions:payments_result", args=[files.pop()])
    elif len(invoices) == 1:
        url = reverse("contributions:invoice", args=[invoices.pop()])
    else:
        url = reverse("contributions:index")
    return [
        Item(
            key="konfirmasi_pembayaran",
            text=ngettext(
                "%(n)s pembayaran menunggu konfirmasi Anda",
                "%(n)s pembayaran menunggu konfirmasi Anda",
                totals["n"],
            )
            % {"n": n(totals["n"])},
            detail=_("dicatat petugas lain; belum dihitung sebagai terbayar"),
            url=url,
            count=totals["n"],
            rupiah=totals["rp"],
        )
    ]


def months_to_bill(user, today: dt.date | None = None) -> list[Item]:
    if not (is_admin(user) or user.role in (Role.FINANCE, Role.MANAGER)):
        return []
    per_program = {
        p: contributions.months_not_billed(p, today)
        for p in programmes(user)
        if p.status in enrolment.RUNNING and can_bill(user, p.wilayah_id)
    }
    programs = [p for p, months in per_program.items() if months]
    if not programs:
        return []
    count = sum(len(m) for m in per_program.values())
    months = sorted({m for ms in per_program.values() for m in ms})
    return [
        Item(
            key="belum_ditagih",
            text=ngettext(
                "%(n)s bulan iuran belum ditagih", "%(n)s bulan iuran belum ditagih", count
            )
            % {"n": n(count)},
            detail=", ".join(f"{m:%m/%Y}" for m in months[:4]) + (" …" if len(months) > 4 else ""),
            url=one_or_list(programs, "contributions:program", "contributions:index"),
            count=count,
            urgent=months[0] < month_start(today or timezone.localdate()),
        )
    ]


# --- Administrator: the system itself ----------------------------------------------

FAILED_JOB_DAYS = 7


def failed_jobs(user) -> list[Item]:
    if not is_admin(user):
        return []
    since = timezone.now() - dt.timedelta(days=FAILED_JOB_DAYS)
    jobs = Job.objects.filter(status=JobStatus.FAILED, created_at__gte=since)
    count = jobs.count()
    if not count:
        return []
    latest = jobs.order_by("-created_at").values_list("pk", flat=True).first()
    return [
        Item(
            key="tugas_gagal",
            text=ngettext(
                "%(n)s pekerjaan latar gagal dalam %(days)s hari terakhir",
                "%(n)s pekerjaan latar gagal dalam %(days)s hari terakhir",
                count,
            )
            % {"n": n(count), "days": FAILED_JOB_DAYS},
            detail=_("yang terakhir terbuka lewat tautan ini"),
            url=reverse("jobs:status", args=[latest]),
            count=count,
            urgent=True,
        )
    ]


def role_changes_to_confirm(user) -> list[Item]:
    """Role and scope changes another administrator made, waiting for this one."""
    if not is_admin(user):
        return []
    count = roles.to_confirm_by(user).count()
    if not count:
        return []
    return [
        Item(
            key="perubahan_peran",
            text=ngettext(
                "%(n)s perubahan peran pengguna menunggu konfirmasi Anda",
                "%(n)s perubahan peran pengguna menunggu konfirmasi Anda",
                count,
            )
            % {"n": n(count)},
            detail=_("diajukan administrator lain; berlaku setelah Anda konfirmasi"),
            url=reverse("admin:accounts_perubahanperan_changelist") + "?status__exact=menunggu",
            count=count,
        )
    ]


# --- Complaints and appeals from workers (``pengaduan``) ------------------------------


def complaints_waiting(user) -> list[Item]:
    """Open complaints of the user's region: the verifier answers them, the manager
    follows them; the late ones (past ``JARING_PENGADUAN["DEADLINE_DAYS"]``) first."""
    if not can_see_complaints(user):
        return []
    counts = complaints.waiting_for(user).aggregate(
        open=Count("id"), late=Count("id", filter=Q(batas_waktu__lt=timezone.localdate()))
    )
    items = []
    if counts["late"]:
        items.append(
            Item(
                key="pengaduan_terlambat",
                text=ngettext(
                    "%(n)s pengaduan pekerja melewati batas waktu jawaban",
                    "%(n)s pengaduan pekerja melewati batas waktu jawaban",
                    counts["late"],
                )
                % {"n": n(counts["late"])},
                url=reverse("pengaduan:list") + "?tampil=terlambat",
                count=counts["late"],
                urgent=True,
            )
        )
    on_time = counts["open"] - counts["late"]
    if on_time and user.role != Role.MANAGER:
        items.append(
            Item(
                key="pengaduan",
                text=ngettext(
                    "%(n)s pengaduan pekerja menunggu jawaban Anda",
                    "%(n)s pengaduan pekerja menunggu jawaban Anda",
                    on_time,
                )
                % {"n": n(on_time)},
                url=reverse("pengaduan:list") + "?tampil=terbuka",
                count=on_time,
            )
        )
    return items


OPERATOR: list[Provider] = [failed_uploads, rejected_rows]
VERIFIER: list[Provider] = [complaints_waiting, pairs_to_decide, lists_to_verify]
MANAGER: list[Provider] = [
    selections_to_run,
    approvals,
    amendments_to_approve,
    decrees_to_record,
    batches_unanswered,
    rejected_to_replace_item,
    pairs_to_decide,
    complaints_waiting,
]
FINANCE: list[Provider] = [
    payments_to_confirm,
    invoices_unpaid,
    payment_files_refused,
    months_to_bill,
]
BPJS: list[Provider] = [batches_to_answer, ends_reported, claim_reports_due]

PROVIDERS: dict[str, list[Provider]] = {
    Role.OPERATOR: OPERATOR,
    Role.VERIFIER: VERIFIER,
    Role.MANAGER: MANAGER,
    Role.FINANCE: FINANCE,
    Role.BPJS: BPJS,
    Role.VIEWER: [],  # leaders read the headline figures instead (``beranda.headlines``)
    # The administrator sees what is stuck anywhere: every role's work, then the system's.
    Role.ADMIN: [
        role_changes_to_confirm,
        failed_jobs,
        *OPERATOR,
        complaints_waiting,
        lists_to_verify,
        *[p for p in MANAGER if p not in (batches_unanswered, complaints_waiting)],
        *FINANCE,
        *BPJS,
    ],
}


def items_for(user) -> list[Item]:
    """The user's to-do list, late work first (then in the role's order)."""
    role = Role.ADMIN if is_admin(user) else user.role
    user._beranda_programmes = None  # read afresh for this list (``programmes``)
    try:
        items = [item for provider in PROVIDERS.get(role, []) for item in provider(user)]
    finally:
        del user._beranda_programmes
    return sorted(items, key=lambda item: not item.urgent)
