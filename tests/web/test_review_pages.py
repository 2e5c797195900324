"""The review pages as a verifier uses them: both records side by side with the
evidence, each view logged, "same person" merges (nothing deleted, the merged record's
address leads to the survivor), "different" is final, a merge is undone from the
survivor's page. Scope and roles: test_permission_matrix.py."""

import pytest
from django.test import Client
from django.urls import reverse
from web_world import BPN2_NAME, BPN2_NIK, BPN_NAME

from jaring.accounts.models import AccessAction, AccessLog
from jaring.matching.models import Merge, PairStatus
from jaring.registry.models import Person, SourceRecord

pytestmark = pytest.mark.django_db


def test_viewing_a_pair_is_logged_once_per_person(world):
    pair = world.pairs["bpn"]

    response = world.client("verifikator").get(
        reverse("matching:pair", args=[pair.pk]), REMOTE_ADDR="10.64.71.9"
    )

    assert response.status_code == 200
    rows = set(AccessLog.objects.values_list("user__username", "action", "target", "ip_address"))
    assert rows == {
        ("verifikator", AccessAction.VIEW_PERSON, f"pekerja:{pair.person_a_id}", "10.64.71.9"),
        ("verifikator", AccessAction.VIEW_PERSON, f"pekerja:{pair.person_b_id}", "10.64.71.9"),
    }


def test_pair_page_shows_both_records_and_the_evidence(world):
    pair = world.pairs["bpn"]

    html = world.client("verifikator").get(reverse("matching:pair", args=[pair.pk])).content
    html = html.decode()

    for person in (pair.person_a, pair.person_b):
        assert person.nama in html and person.nik in html
    evidence = html[html.index('id="evidence"') :]
    assert 'data-field="nik"' in evidence and "-3,5" in evidence  # weights as stored
    assert "13,9" in evidence and "✓ sama" in evidence
    assert 'name="keputusan" value="sama"' in html and 'value="beda"' in html


def test_same_person_merges_and_the_merged_address_leads_to_the_survivor(world):
    client = world.client("verifikator")
    pair = world.pairs["bpn"]
    before = sorted(SourceRecord.objects.values_list("pk", "person_id"))

    response = client.post(reverse("matching:decide", args=[pair.pk]), {"keputusan": "sama"})

    assert response.status_code == 302
    merge = Merge.objects.get(pair=pair)
    assert merge.merged_by == world.users["verifikator"]
    assert sorted(SourceRecord.objects.values_list("pk", "person_id")) == before
    merged_url = reverse("registry:detail", args=[merge.merged_id])
    survivor_url = reverse("registry:detail", args=[merge.survivor_id])
    assert client.get(merged_url)["Location"] == survivor_url
    page = client.get(survivor_url).content.decode()
    assert "lewat penggabungan" in page and merge.merged.nik in page
    assert 'id="riwayat-penggabungan"' in page and "Batalkan penggabungan" in page
    listing = client.get(reverse("registry:list")).content.decode()
    assert (BPN_NAME in listing) != (BPN2_NAME in listing)  # one golden record left
    assert client.get(reverse("home")).context["person_count"] == 3  # was 4


def test_finance_sees_the_merge_masked_and_cannot_undo(world):
    from jaring.matching.services import decide_pair

    decide_pair(pair=world.pairs["bpn"], user=world.users["admin"], same=True)
    merge = Merge.objects.get()

    page = world.client("keuangan").get(reverse("registry:detail", args=[merge.survivor_id]))

    html = page.content.decode()
    assert page.status_code == 200 and "lewat penggabungan" in html
    assert merge.merged.nik not in html and merge.merged.nik[:4] + "********" in html
    assert "Batalkan penggabungan" not in html


def test_undo_from_the_survivors_page_returns_there_and_requeues_the_pair(world):
    from jaring.matching.services import decide_pair

    client = world.client("verifikator")
    decide_pair(pair=world.pairs["bpn"], user=world.users["admin"], same=True)
    merge = Merge.objects.get()
    survivor_url = reverse("registry:detail", args=[merge.survivor_id])

    response = client.post(reverse("matching:undo", args=[merge.pk]), {"next": survivor_url})

    assert response["Location"] == survivor_url
    assert Person.objects.get(pk=merge.merged_id).merged_into is None
    queue = client.get(reverse("matching:queue")).content.decode()
    assert f'data-pair="{world.pairs["bpn"].pk}"' in queue
    history = client.get(survivor_url).content.decode()
    assert "dibatalkan" in history and "Batalkan penggabungan" not in history


def test_undo_never_redirects_off_site(world):
    from jaring.matching.services import decide_pair

    decide_pair(pair=world.pairs["bpn"], user=world.users["admin"], same=True)
    merge = Merge.objects.get()

    response = world.client("verifikator").post(
        reverse("matching:undo", args=[merge.pk]), {"next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("matching:merges")


def test_different_is_final_and_the_pair_leaves_the_queue(world):
    client = world.client("verifikator")
    pair = world.pairs["bpn"]

    client.post(reverse("matching:decide", args=[pair.pk]), {"keputusan": "beda"})
    again = client.post(reverse("matching:decide", args=[pair.pk]), {"keputusan": "sama"})

    pair.refresh_from_db()
    assert pair.status == PairStatus.DIFFERENT and not Merge.objects.exists()
    assert again.status_code == 302  # back to the pair, with the refusal as a message
    assert f'data-pair="{pair.pk}"' not in client.get(reverse("matching:queue")).content.decode()
    assert Person.objects.get(nik=BPN2_NIK).merged_into is None


def test_an_unknown_choice_changes_nothing(world):
    pair = world.pairs["bpn"]

    world.client("verifikator").post(reverse("matching:decide", args=[pair.pk]), {"keputusan": "?"})

    pair.refresh_from_db()
    assert pair.status == PairStatus.WAITING


def test_decisions_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["verifikator"])
    pair = world.pairs["bpn"]

    response = client.post(reverse("matching:decide", args=[pair.pk]), {"keputusan": "beda"})

    assert response.status_code == 403
    pair.refresh_from_db()
    assert pair.status == PairStatus.WAITING


@pytest.mark.parametrize("language", ["id", "en"])
def test_review_pages_render_in_both_languages(world, language):
    client = world.client("admin")
    client.cookies["django_language"] = language
    for url in [
        reverse("matching:queue"),
        reverse("matching:pair", args=[world.pairs["smd"].pk]),
        reverse("matching:merges"),
    ]:
        assert client.get(url).status_code == 200, url
