"""``POST /api/v1/cek``: the status check for other systems and apps, open without a key
(``services``: one answer for every mismatch, limited per client address, logged)."""

import json

from ninja import Router, Schema

from jaring.cek import services

router = Router()


class Jawaban(Schema):
    ditemukan: bool
    pesan: str | None = None
    status: str | None = None
    status_label: str | None = None
    program: str | None = None
    berlaku_sampai: str | None = None
    kpj: str | None = None
    nama: str | None = None
    kantor_bpjs: str | None = None
    # Which part of an unpaid month is missing: pendana, pekerja or keduanya.
    kurang: str | None = None
    langkah: list[str] | None = None


class Pesan(Schema):
    detail: str


REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "nik": {"type": "string", "example": "6471014107850003"},
                    "tanggal_lahir": {"type": "string", "format": "date"},
                },
                "required": ["nik", "tanggal_lahir"],
            }
        }
    },
}


@router.post(
    "",
    auth=None,
    response={200: Jawaban, 429: Pesan},
    openapi_extra={"requestBody": REQUEST_BODY},
    summary="Cek perlindungan pekerja",
)
def cek(request):
    """Whether the worker holding this NIK and birth date is protected. Any mismatch
    (malformed body, unknown NIK, wrong birth date) answers the same body
    ``{"ditemukan": false, "pesan": …}`` with status 200; the body is read by hand so
    that a malformed one cannot answer differently (422). More than the limit of checks
    from one address in the window answers 429."""
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        body = {}
    return services.check(request, body.get("nik"), body.get("tanggal_lahir"))
