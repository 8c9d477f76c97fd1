"""Every page names the app's icon, and the icon is there: no 404 for /favicon.ico in the log."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("path", ["/login", "/services", "/services/people", "/public/benefits"])
def test_pages_name_an_icon_that_is_served(client, path):
    page = client.get(path, follow_redirects=True)
    found = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">',
                      page.get_data(as_text=True))
    assert found, path
    icon = client.get(found.group(1))
    assert icon.status_code == 200
    assert icon.data.lstrip().startswith(b"<svg") and b'aria-label="Veturi"' in icon.data
