"""Every response carries the Content-Security-Policy and the Permissions-Policy
(docs/adr/0026-logins-csp-and-passwords.md); no template holds an inline script, style or
event attribute, which the policy would block."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Printed documents: WeasyPrint reads their <style>; no browser ever shows them as pages.
PRINT_ONLY = {"reports/pdf.html", "reports/document_pdf.html", "reports/letters/base.html"}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/p/nongbua/", "/no-such-page/"])
def test_pages_anyone_opens_carry_both_policies(client, organization, path):
    response = client.get(path)
    assert response["Content-Security-Policy"] == CSP
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_files_get_the_policy_of_files(client_for, planner, plan):
    # The browser's own image and PDF viewers style themselves inline: allowed for files
    # only, which hold no markup of ours; nothing else may load.
    response = client_for(planner).get(f"/plans/{plan.pk}/projects.xlsx")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )
    assert response["Permissions-Policy"].startswith("accelerometer=()")


def _templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if name not in PRINT_ONLY:
            yield name, path.read_text(encoding="utf-8")


def test_no_template_has_an_inline_script_style_or_event_attribute():
    found = []
    for name, text in _templates():
        for script in re.finditer(r"<script\b([^>]*)>", text):
            if "src=" not in script[1]:
                found.append(f"{name}: inline <script>")
        if re.search(r"<style\b", text):
            found.append(f"{name}: <style>")
        for attribute in re.finditer(r"\s(on[a-z]+|style)=", text):
            found.append(f"{name}: {attribute[1]}=")
    assert found == []
