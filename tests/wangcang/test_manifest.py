"""The web app manifest: linked from every page, served as valid JSON with the portal's
name, and its icons real PNG files of the sizes it claims. No service worker is shipped,
so a phone keeps no private page offline."""

import json
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import override_settings
from PIL import Image

pytestmark = pytest.mark.django_db


def test_every_page_links_the_manifest(org_client):
    content = org_client.get("/").content.decode()
    assert 'rel="manifest"' in content and "manifest.webmanifest" in content
    assert "serviceWorker" not in content


def test_the_manifest_is_valid_json_and_its_icons_exist(client):
    path = finders.find("manifest.webmanifest")
    assert path
    manifest = json.loads(Path(path).read_text(encoding="utf-8"))
    assert manifest["name"] == "旺苍县工会社会组织服务平台"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = {}
    for icon in manifest["icons"]:
        icon_path = finders.find(icon["src"])  # relative to the manifest, which sits at the top of static/
        assert icon_path, icon["src"]
        with Image.open(icon_path) as image:
            assert image.format == "PNG"
            sizes[icon["sizes"]] = image.size
    assert sizes == {"192x192": (192, 192), "512x512": (512, 512)}
    # No service worker anywhere in the static files.
    assert not any("serviceWorker.register" in Path(p).read_text(errors="ignore") for p in _static_scripts())


def _static_scripts():
    root = Path(finders.find("js/portal.js")).parent.parent
    return [p for p in root.rglob("*.js") if "vendor" not in p.parts]


@override_settings(DEBUG=True)
def test_the_manifest_is_served_with_its_type(client):
    from django.contrib.staticfiles.views import serve
    from django.test import RequestFactory

    response = serve(RequestFactory().get("/static/manifest.webmanifest"), "manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    body = json.loads(b"".join(response.streaming_content))
    assert body["short_name"]
