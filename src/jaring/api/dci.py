"""``POST /api/v1/dci/registry/sync/search``: a person search shaped for exchange between
social registries, after the Digital Convergence Initiative (DCI) social-registry API's
synchronous search — an envelope of ``header`` and ``message``; ``search_request`` items
with ``reference_id`` and ``search_criteria`` (``reg_type``, ``query_type``
``idtype-value``, ``query`` {``type``, ``value``}, ``pagination``); the answer echoes the
``transaction_id`` and each ``reference_id``, adds a ``correlation_id``, and gives each
item a status (``succ``/``rjct``) with ``data.reg_records`` and ``pagination``.

Which parts follow DCI and which do not is written in the README. What Jaring adds is
its own rule: the search runs through the same scoped reads as the registry pages
(``registry.queries.persons_for``, ``golden_id_for_nik``), is masked and logged as they
are, and a role that sees NIKs masked gets, for every NIK, the answer of an unknown NIK
— it cannot confirm a NIK it may not see, whether the person exists or lies outside
its region."""

import uuid

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import BaseModel, Field

from jaring.accounts.audit import log_access, log_nik_search
from jaring.accounts.models import AccessAction
from jaring.accounts.policy import can_browse_registry, can_see_participants, sees_full_identity
from jaring.core import nik as nik_rules
from jaring.core.masking import shown_identity
from jaring.enrollment.models import Peserta
from jaring.programs.queries import programs_for, regency_scope
from jaring.registry.models import Person
from jaring.registry.queries import golden_id_for_nik, persons_for

router = Router()
VERSION = "1.0.0"
REG_TYPE = "ns:org:RegistryType:Social"
QUERY_TYPE = "idtype-value"
ID_TYPES = ("NIK", "KPJ")  # national identity number; BPJS Ketenagakerjaan membership number
TEXT = 100


# The request's parts are plain pydantic models, not ninja's ``Schema`` (which reads
# attributes off any object, so a list where an object belongs would pass as defaults).
class Header(BaseModel):
    version: str = Field(VERSION, max_length=20)
    message_id: str = Field("", max_length=TEXT)
    message_ts: str = Field("", max_length=40)
    action: str = Field("search", max_length=40)
    sender_id: str = Field("", max_length=TEXT)
    receiver_id: str = Field("", max_length=TEXT)


class IdQuery(BaseModel):
    type: str = Field(..., max_length=40, description="NIK atau KPJ")
    value: str = Field(..., max_length=40)


class Pagination(BaseModel):
    page_size: int = Field(10, ge=1, le=100)
    page_number: int = Field(1, ge=1, le=10_000)


class SearchCriteria(BaseModel):
    version: str = Field(VERSION, max_length=20)
    reg_type: str = Field(REG_TYPE, max_length=TEXT)
    query_type: str = Field(QUERY_TYPE, max_length=40)
    query: IdQuery
    pagination: Pagination = Pagination()


class SearchRequestItem(BaseModel):
    reference_id: str = Field(..., max_length=TEXT)
    timestamp: str = Field("", max_length=40)
    search_criteria: SearchCriteria
    locale: str = Field("id", max_length=10)


class RequestMessage(BaseModel):
    transaction_id: str = Field(..., max_length=TEXT)
    search_request: list[SearchRequestItem] = Field(..., min_length=1, max_length=10)


class SearchRequest(BaseModel):
    header: Header = Header()
    message: RequestMessage


class ResponseHeader(Schema):
    version: str
    message_id: str
    message_ts: str
    action: str
    status: str
    status_reason_code: str
    status_reason_message: str
    total_count: int
    completed_count: int
    sender_id: str
    receiver_id: str
    is_msg_encrypted: bool


class Identifier(Schema):
    identifier_type: str
    identifier_value: str


class Address(Schema):
    region_code: str  # Kemendagri village code
    sub_region_code: str  # regency/city
    country_code: str


class Record(Schema):
    identifier: list[Identifier]
    name: str
    sex: str  # L or P, as the registry writes it
    birth_date: str  # YYYY-MM-DD, or **-**-YYYY for a role that sees it masked
    address: Address
    occupation: str


class Data(Schema):
    version: str
    reg_type: str
    reg_record_type: str
    reg_records: list[Record]


class ResponsePagination(Schema):
    page_size: int
    page_number: int
    total_count: int


class SearchResponseItem(Schema):
    reference_id: str
    timestamp: str
    status: str  # succ or rjct
    status_reason_code: str
    status_reason_message: str
    data: Data | None
    pagination: ResponsePagination | None
    locale: str


class ResponseMessage(Schema):
    transaction_id: str
    correlation_id: str
    search_response: list[SearchResponseItem]


class SearchResponse(Schema):
    header: ResponseHeader
    message: ResponseMessage


def _now() -> str:
    return timezone.now().isoformat(timespec="seconds")


def _rejected(item: SearchRequestItem, code: str, message: str) -> dict:
    return {
        "reference_id": item.reference_id,
        "timestamp": _now(),
        "status": "rjct",
        "status_reason_code": code,
        "status_reason_message": message,
        "data": None,
        "pagination": None,
        "locale": item.locale,
    }


def _matches(request, query: IdQuery):
    """The persons in the user's scope that ``query`` names: at most one for a NIK (the
    golden record a merged duplicate's NIK names too), the participants' persons for a
    KPJ. Nothing for a NIK asked by a role that sees NIKs masked (``nik_is``), and
    nothing for a KPJ asked by a role that does not see participants."""
    user = request.user
    value = query.value.strip()
    if query.type == "NIK":
        log_nik_search(user, value, target="api:dci", request=request)
        nik = nik_rules.in_query(value)
        golden = golden_id_for_nik(user, nik) if nik else None
        return persons_for(user).filter(pk=golden) if golden else Person.objects.none()
    if not can_see_participants(user) or not value.isdigit():
        return Person.objects.none()
    enrolled = (
        Peserta.objects.filter(kpj=value, program__in=programs_for(user))
        .filter(regency_scope(user))
        .values("person_id")
    )
    return persons_for(user).filter(pk__in=enrolled)


def _record(user, person: Person) -> dict:
    nik, born = shown_identity(
        sees_full_identity(user), person.nik, person.tanggal_lahir, "%Y-%m-%d"
    )
    return {
        "identifier": [{"identifier_type": "NIK", "identifier_value": nik}],
        "name": person.nama,
        "sex": person.jenis_kelamin,
        "birth_date": born,
        "address": {
            "region_code": person.wilayah_id or "",
            "sub_region_code": (person.wilayah_id or "")[:5],
            "country_code": "ID",
        },
        "occupation": person.pekerjaan_id or "",
    }


def _answer(request, item: SearchRequestItem) -> dict:
    criteria = item.search_criteria
    if criteria.reg_type not in (REG_TYPE, ""):
        return _rejected(
            item,
            "rjct.reg_type.invalid",
            _("Jenis registri %(jenis)s tidak dilayani; Jaring adalah registri sosial (%(ours)s).")
            % {"jenis": criteria.reg_type, "ours": REG_TYPE},
        )
    if criteria.query_type != QUERY_TYPE:
        return _rejected(
            item,
            "rjct.query_type.invalid",
            _("Hanya pencarian %(jenis)s (jenis dan nilai identitas) yang dilayani.")
            % {"jenis": QUERY_TYPE},
        )
    if criteria.query.type not in ID_TYPES:
        return _rejected(
            item,
            "rjct.identifier_type.invalid",
            _("Jenis identitas harus salah satu dari: %(jenis)s.") % {"jenis": ", ".join(ID_TYPES)},
        )
    user = request.user
    persons = _matches(request, criteria.query).order_by("pk")
    total = persons.count()
    size, number = criteria.pagination.page_size, criteria.pagination.page_number
    found = list(persons[(number - 1) * size : number * size])
    for person in found:
        log_access(
            user,
            AccessAction.VIEW_PERSON,
            f"pekerja:{person.pk}",
            detail="API DCI",
            request=request,
        )
    return {
        "reference_id": item.reference_id,
        "timestamp": _now(),
        "status": "succ",
        "status_reason_code": "",
        "status_reason_message": "",
        "data": {
            "version": VERSION,
            "reg_type": REG_TYPE,
            "reg_record_type": "PERSON",
            "reg_records": [_record(user, p) for p in found],
        },
        "pagination": {"page_size": size, "page_number": number, "total_count": total},
        "locale": item.locale,
    }


@router.post(
    "/registry/sync/search",
    response=SearchResponse,
    summary="Cari pekerja menurut identitas (bentuk DCI)",
)
def sync_search(request, body: SearchRequest):
    """Pencarian sinkron menurut jenis dan nilai identitas (``NIK`` atau ``KPJ``) dalam
    bentuk API registri sosial DCI. Hasil mengikuti cakupan, penyamaran dan log akses
    pengguna pemilik token; peran yang melihat NIK tersamar mendapat jawaban "tidak
    ditemukan" untuk setiap NIK."""
    user = request.user
    items = body.message.search_request
    if not can_browse_registry(user):
        answers = [
            _rejected(
                i,
                "rjct.permission.denied",
                _("Peran Anda tidak dapat mencari di registri pekerja."),
            )
            for i in items
        ]
    else:
        answers = [_answer(request, item) for item in items]
    done = sum(1 for a in answers if a["status"] == "succ")
    status = "succ" if done == len(answers) else ("rjct" if done == 0 else "part")
    return {
        "header": {
            "version": VERSION,
            "message_id": uuid.uuid4().hex,
            "message_ts": _now(),
            "action": "on-search",
            "status": status,
            "status_reason_code": "",
            "status_reason_message": "",
            "total_count": len(answers),
            "completed_count": done,
            "sender_id": "jaring",
            "receiver_id": body.header.sender_id,
            "is_msg_encrypted": False,
        },
        "message": {
            "transaction_id": body.message.transaction_id,
            "correlation_id": uuid.uuid4().hex,
            "search_response": answers,
        },
    }
