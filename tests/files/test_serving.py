"""Stored files reach a browser only through views that check permissions; with
OPPLAN_FILE_ACCEL the proxy sends the bytes after the view said yes (ADR 0027)."""

import hashlib
import importlib
from datetime import date
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import Resolver404, clear_url_caches, resolve, reverse

import opplan.urls
from approvals import workflow
from public.models import PublishedFile
from tests.factories import endorse, make_posting_record, make_project, make_strategy, png_bytes
from tests.opplan.test_settings import load_settings
from tests.test_urls import walk

pytestmark = pytest.mark.django_db

LOGO = png_bytes((12, 12), (20, 40, 160))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def logo(organization, media):
    organization.logo.save("ตรา อบต.png", ContentFile(LOGO))
    return organization.logo


@pytest.fixture
def nginx(settings):
    settings.OPPLAN_FILE_ACCEL = "nginx"
    settings.OPPLAN_FILE_ACCEL_PREFIX = "/protected-files/"


def logo_url(organization):
    return reverse("accounts:organization_logo", args=[organization.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


class TestLogo:
    def test_every_member_of_the_organisation_gets_the_logo_privately(
        self, client_for, organization, logo, planner, viewer, committee_member
    ):
        for person in (planner, viewer, committee_member):
            response = client_for(person).get(logo_url(organization))
            assert response.status_code == 200
            assert body(response) == LOGO
            assert response["Content-Type"] == "image/png"
            assert response["Cache-Control"] == "private"

    def test_another_organisations_planner_gets_a_404_and_a_visitor_the_login(
        self, client, client_for, organization, logo, other_org_planner
    ):
        assert client_for(other_org_planner).get(logo_url(organization)).status_code == 404
        response = client.get(logo_url(organization))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_no_logo_or_a_lost_file_is_a_404(self, client_for, organization, planner, media):
        assert client_for(planner).get(logo_url(organization)).status_code == 404
        organization.logo.save("logo.png", ContentFile(LOGO))
        (media / organization.logo.name).unlink()
        response = client_for(planner).get(logo_url(organization))
        assert response.status_code == 404

    def test_the_settings_page_shows_the_logo_through_the_view(
        self, client_for, organization, logo, planner
    ):
        page = client_for(planner).get(reverse("accounts:organization")).content.decode()
        assert f'src="{logo_url(organization)}"' in page
        assert "/media/" not in page


class TestNoDirectRoute:
    def test_the_media_folder_has_no_url_even_in_debug(self):
        with override_settings(DEBUG=True):
            debug_urls = importlib.reload(opplan.urls)
            try:
                paths = [path for path, _, _, _ in walk(debug_urls.urlpatterns)]
                with pytest.raises(Resolver404):
                    resolve("/media/logos/logo.png", urlconf=debug_urls)
            finally:
                importlib.reload(opplan.urls)
                clear_url_caches()
        assert [path for path in paths if path.startswith("/media")] == []

    def test_an_uploaded_file_is_not_reachable_by_its_storage_name(
        self, client_for, organization, logo, planner
    ):
        assert client_for(planner).get(f"/media/{logo.name}").status_code == 404


class TestProxySending:
    def test_nginx_sends_the_posting_photo_after_the_view_checked(
        self, client_for, plan, planner, other_org_planner, media, nginx
    ):
        photo = SimpleUploadedFile("ป้ายประกาศ หมู่ 5.png", png_bytes(), "image/png")
        record = make_posting_record(plan, photo=photo)
        url = reverse("approvals:posting_photo", args=[record.pk])
        response = client_for(planner).get(url)
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == "/protected-files/" + quote(record.photo.name)
        assert response.content == b""
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] == "private"
        assert "filename*=utf-8''" in response["Content-Disposition"]
        assert response["Content-Disposition"].startswith("inline")
        assert client_for(other_org_planner).get(url).status_code == 404

    def test_apache_gets_the_file_path_in_x_sendfile(self, client_for, organization, logo,
                                                     planner, settings):  # fmt: skip
        settings.OPPLAN_FILE_ACCEL = "apache"
        response = client_for(planner).get(logo_url(organization))
        assert response.status_code == 200
        path = response["X-Sendfile"].encode("latin-1").decode()
        assert path == str(settings.MEDIA_ROOT / logo.name)
        assert response.content == b""

    def test_a_lost_file_is_a_404_from_the_view_not_the_proxy(
        self, client_for, organization, logo, planner, media, nginx
    ):
        (media / logo.name).unlink()
        response = client_for(planner).get(logo_url(organization))
        assert response.status_code == 404
        assert "X-Accel-Redirect" not in response

    def test_a_published_file_stays_public_with_its_digest(
        self, client, plan, planner, executive, media, nginx
    ):
        make_project(plan, strategy=make_strategy(plan.organization))
        endorse(plan, by=planner)
        workflow.perform(plan, "announce", by=executive, announced_on=date(2026, 10, 20),
                         announced_by="นายก")  # fmt: skip
        content = b"%PDF-1.7 a published form"
        record = PublishedFile.objects.create(
            plan=plan, document="pd01", fmt="pdf", name="pd01-nongbua-2570.pdf",
            content_type="application/pdf", file=ContentFile(content, name="pd01-nongbua-2570.pdf"),
            size=len(content), sha256=hashlib.sha256(content).hexdigest(),
        )  # fmt: skip
        response = client.get(
            reverse("public:download", args=[plan.organization.slug, record.name])
        )
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == "/protected-files/" + quote(record.file.name)
        assert response["X-Content-SHA256"] == record.sha256
        assert response["Content-Disposition"] == 'attachment; filename="pd01-nongbua-2570.pdf"'
        assert "Cache-Control" not in response


class TestSettings:
    def test_an_unknown_proxy_stops_start_up_naming_the_variable(self):
        result = load_settings(DJANGO_DEBUG="1", OPPLAN_FILE_ACCEL="lighttpd")
        assert result.returncode != 0
        assert "OPPLAN_FILE_ACCEL must be nginx, apache or empty" in result.stderr

    def test_the_internal_prefix_must_be_a_path(self):
        result = load_settings(DJANGO_DEBUG="1", OPPLAN_FILE_ACCEL_PREFIX="protected")
        assert result.returncode != 0
        assert "OPPLAN_FILE_ACCEL_PREFIX must start and end with /" in result.stderr
