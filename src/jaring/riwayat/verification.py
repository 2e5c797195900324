"""``verify`` in words: what ``jaring audit verify`` and ``jaring restore`` say about
the chain, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jaring.riwayat.chain import Checked, verify


def problem(checked: Checked) -> str | None:
    """The first break in words; None when the chain holds."""
    broken = checked.broken
    if broken is None:
        return None
    if broken.masalah == "di_luar_rantai":
        return _(
            "Entri riwayat %(id)s tidak tercatat dalam rantai (ditambahkan di luar aplikasi)."
        ) % {"id": broken.entri_id}
    if broken.masalah == "hilang":
        return _("Rantai riwayat putus di entri nomor %(nomor)s: entri itu hilang (dihapus).") % {
            "nomor": broken.nomor
        }
    if broken.masalah == "sambungan":
        return _(
            "Rantai riwayat putus di entri nomor %(nomor)s (entri %(id)s): hash entri "
            "sebelumnya tidak cocok."
        ) % {"nomor": broken.nomor, "id": broken.entri_id}
    return _(
        "Rantai riwayat putus di entri nomor %(nomor)s (entri %(id)s): isinya diubah "
        "setelah dicatat."
    ) % {"nomor": broken.nomor, "id": broken.entri_id}


def summary(checked: Checked) -> str:
    return ngettext(
        "Rantai riwayat utuh: %(count)d entri diperiksa. Hash terakhir: %(head)s.",
        "Rantai riwayat utuh: %(count)d entri diperiksa. Hash terakhir: %(head)s.",
        checked.count,
    ) % {"count": checked.count, "head": checked.head}


__all__ = ["problem", "summary", "verify"]
