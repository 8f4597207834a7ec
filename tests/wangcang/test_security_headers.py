"""Every page carries a Content-Security-Policy without 'unsafe-inline' and a
Permissions-Policy; no template relies on inline script, inline event handlers or style
attributes (the policy would block them)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from wangcang.models import BackgroundJob

ROOT = Path(__file__).resolve().parents[2]
# Rendered by WeasyPrint into a PDF, never served to a browser.
# Templates of PDF documents (WeasyPrint), never served as pages.
NOT_SERVED = {
    "reports/templates/reports/report_pdf.html",
    "reports/templates/reports/partials/town_pdf.html",
    "templates/documents/base_document.html",
}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_strict(response):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in directives[name] and "'unsafe-eval'" not in directives[name], name
        assert not [source for source in directives[name] if source.startswith(("http", "*"))], name
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_pages_of_every_kind_carry_the_policies(client, staff_user):
    assert_strict(client.get(reverse("login")))
    assert_strict(client.get("/admin/login/"))
    client.force_login(staff_user)
    job = BackgroundJob.objects.create(kind="x", created_by=staff_user)
    for url in (reverse("home"), reverse("job-detail", args=[job.pk]), "/api/v1/organizations/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)
    assert_strict(client.get("/no-such-page/"))


@pytest.mark.django_db
def test_the_api_docs_inline_blocks_carry_the_nonce_of_the_header(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    nonces = [source for source in policy(response)["script-src"] if source.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    html = response.content.decode()
    inline = re.findall(r"<(script|style)(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline and all(f'nonce="{nonce}"' in attributes for _tag, attributes in inline)


def test_no_template_has_inline_script_handlers_or_style_attributes():
    offenders = []
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "staticfiles/")) or relative in NOT_SERVED:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script(?![^>]*\b(src|nonce)=)[^>]*>|<style(?![^>]*\bnonce=)[^>]*>", text):
            if "application/json" not in match.group(0):
                offenders.append(f"{relative}: {match.group(0)}")
        offenders += [f"{relative}: {m.group(0)}" for m in re.finditer(r"\sstyle=\"[^\"]*\"", text)]
        offenders += [f"{relative}: {m.group(0)}" for m in re.finditer(r"\son[a-z]+=\"[^\"]*\"", text)]
    assert offenders == []
