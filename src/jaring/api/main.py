"""The REST API, version 1: ``/api/v1/`` (OpenAPI schema at ``/api/v1/openapi.json``,
browsable documentation at ``/api/v1/docs``, served from the app itself)."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from jaring.api.auth import AUTH
from jaring.api.dci import router as dci
from jaring.cek.api import router as status_check
from jaring.claims.api import reports as claim_reports
from jaring.claims.api import router as claims
from jaring.contributions.api import payments
from jaring.contributions.api import router as invoices
from jaring.dashboard.api import router as dashboard
from jaring.enrollment.api import responses
from jaring.enrollment.api import router as batches
from jaring.intake.api import router as submissions
from jaring.jobs.api import router as jobs
from jaring.pengaduan.api import router as complaints
from jaring.programs.api import router as programmes
from jaring.refusals import Refused
from jaring.registry.api import router as persons
from jaring.wilayah.api import router as regions

# What any operation may answer besides its own result, as ``{"detail": …}`` in the
# user's language: refused or unknown key (401), role (403), outside the scope or
# unknown (404, one answer), a file that cannot be used (400), a parameter of the wrong
# shape (422, with ``fields``), too many NIK searches (429), database busy (503).
ERRORS = {
    400: "Permintaan tidak dapat diproses (mis. berkas yang tidak dapat dibaca).",
    401: "Token API tidak dikenal, sudah dicabut, kedaluwarsa, atau tidak dikirim.",
    403: "Peran pengguna tidak dapat melakukan ini, atau token hanya untuk membaca.",
    404: "Tidak ditemukan, atau di luar cakupan wilayah pengguna (jawaban yang sama).",
    422: "Isian tidak sah atau tidak ada.",
    429: "Terlalu sering dicoba; coba lagi nanti.",
    503: "Basis data sedang sibuk; coba lagi sebentar lagi.",
}
GALAT = {
    "title": "Galat",
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "fields": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["detail"],
}


class JaringAPI(NinjaAPI):
    """django-ninja's API with the answers every operation shares declared once in the
    OpenAPI document (``ERRORS``), so that a client, and the schema-driven tests
    (tests/web/test_api_schema.py), know every status an operation can give."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Galat"] = GALAT
        ref = {"$ref": "#/components/schemas/Galat"}
        for operations in schema["paths"].values():
            for operation in operations.values():
                answers = operation.setdefault("responses", {})
                for code, description in ERRORS.items():
                    if code == 401 and not operation.get("security"):
                        continue
                    if code in answers or str(code) in answers:
                        continue
                    answers.setdefault(
                        code,
                        {
                            "description": description,
                            "content": {"application/json": {"schema": ref}},
                        },
                    )
        return schema


api = JaringAPI(
    title="Jaring API",
    version="1",
    description=str(
        _(
            "Data pekerja rentan, pengajuan daftar, program, pendaftaran BPJS, iuran, klaim, "
            "angka dasbor dan wilayah, dengan peran dan cakupan "
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
api.add_router("/program", programmes, tags=["program"])
api.add_router("/batch", batches, tags=["pendaftaran"])
api.add_router("/respons", responses, tags=["pendaftaran"])
api.add_router("/tagihan", invoices, tags=["iuran"])
api.add_router("/pembayaran", payments, tags=["iuran"])
api.add_router("/klaim", claims, tags=["klaim"])
api.add_router("/laporan-klaim", claim_reports, tags=["klaim"])
api.add_router("/dasbor", dashboard, tags=["dasbor"])
api.add_router("/pekerjaan", jobs, tags=["pekerjaan"])
api.add_router("/dci", dci, tags=["dci"])


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
