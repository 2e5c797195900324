"""Admin screens for region reference data render, search and stay read-only."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_logged_in(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="admin-wilayah", email="admin@example.invalid", password="rahasia-panjang-123"
    )
    client.force_login(user)
    return client


def test_wilayah_changelist_search_and_filter(admin_client_logged_in):
    url = reverse("admin:wilayah_wilayah_changelist")
    response = admin_client_logged_in.get(url, {"q": "64.71.01", "tingkat__exact": "4"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Manggar" in page
    assert "Kota Balikpapan" not in page.split("<tbody>")[1]


def test_wilayah_is_read_only(admin_client_logged_in):
    assert admin_client_logged_in.get(reverse("admin:wilayah_wilayah_add")).status_code == 403
    detail = admin_client_logged_in.get(reverse("admin:wilayah_wilayah_change", args=["64.71"]))
    assert detail.status_code == 200
    assert 'name="nama"' not in detail.content.decode()


@pytest.mark.parametrize("model", ["kodebps", "angkatankerja"])
def test_other_changelists_render(admin_client_logged_in, model):
    response = admin_client_logged_in.get(reverse(f"admin:wilayah_{model}_changelist"))
    assert response.status_code == 200
