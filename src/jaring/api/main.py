"""The REST API, version 1: ``/api/v1/`` (OpenAPI schema at ``/api/v1/openapi.json``,
browsable documentation at ``/api/v1/docs``, served from the app itself)."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from jaring.api.auth import AUTH
from jaring.cek.api import router as status_check
from jaring.intake.api import router as submissions
from jaring.pengaduan.api import router as complaints
from jaring.refusals import Refused
from jaring.registry.api import router as persons
from jaring.wilayah.api import router as regions

api = NinjaAPI(
    title="Jaring API",
    version="1",
    description=str(
        _(
            "Data pekerja rentan, pengajuan daftar dan wilayah, dengan peran dan cakupan "
            "wilayah pengguna pemilik token. NIK dan tanggal lahir disamarkan untuk peran "
            "yang tidak memerlukannya; setiap pembacaan data pribadi dicatat."
        )
    ),
    auth=AUTH,
    urls_namespace="api",
)
api.add_router("/pekerja", persons, tags=["pekerja"])
api.add_router("/pengajuan", submissions, tags=["pengajuan"])
api.add_router("/wilayah", regions, tags=["wilayah"])
api.add_router("/cek", status_check, tags=["cek"])
api.add_router("/pengaduan", complaints, tags=["pengaduan"])


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request,
        {"detail": str(_("Token API tidak dikenal, sudah dicabut, atau tidak dikirim."))},
        status=401,
    )


@api.exception_handler(ValidationError)
def invalid(request, exc):
    """A parameter of the wrong type or missing: named, in Indonesian (ninja's own
    answer is pydantic's English)."""
    fields = sorted({str(error["loc"][-1]) for error in exc.errors})
    detail = _("Isian tidak sah atau tidak ada: %(fields)s.") % {"fields": ", ".join(fields)}
    return api.create_response(request, {"detail": str(detail), "fields": fields}, status=422)


@api.exception_handler(Refused)
def refused(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=exc.status)
