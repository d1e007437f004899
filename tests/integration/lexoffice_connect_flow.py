"""The lexoffice connect flow as an integrator runs it: its server calls `GET
/v1/lexoffice/connect` with the tenant's credentials and sends its user's browser to the
`Location`, our begin page; the browser confirms there and goes on to lexoffice."""

from __future__ import annotations

import html
import re

import httpx

CONNECT = "/v1/lexoffice/connect"
BEGIN = "/v1/lexoffice/connect/begin"
_HIDDEN = re.compile(r'<input type="hidden" name="([a-z]+)" value="([^"]*)">')


def begin_link(api_url: str, api_key: str) -> str:
    """`GET /v1/lexoffice/connect` from the integrator's server (no cookie jar shared with any
    browser): the `Location` it sends the user's browser to."""
    start = httpx.get(
        api_url + CONNECT,
        headers={"Authorization": f"Bearer {api_key}"},
        follow_redirects=False,
        trust_env=False,
        timeout=30,
    )
    assert start.status_code == 302, start.text
    assert "set-cookie" not in start.headers
    location = str(start.headers["location"])
    assert location.startswith(api_url + BEGIN + "?ticket="), location
    return location


def form_of(page: httpx.Response) -> dict[str, str]:
    """The begin page's form fields (the ticket and the anti-forgery token)."""
    return {name: html.unescape(value) for name, value in _HIDDEN.findall(page.text)}


def confirm(browser: httpx.Client, link: str) -> str:
    """The browser opens the begin page and presses its button: lexoffice's authorize URL."""
    page = browser.get(link)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    answer = browser.post(BEGIN, data=form_of(page), follow_redirects=False)
    assert answer.status_code == 303, answer.text
    cookie = answer.headers["set-cookie"].lower()
    assert cookie.startswith("automahntion_lexoffice_connect=")
    for attribute in ("httponly", "samesite=lax", "path=/v1/lexoffice/callback", "max-age=600"):
        assert attribute in cookie, attribute
    return str(answer.headers["location"])


def start(browser: httpx.Client, api_key: str) -> str:
    """The whole start, split as in production: lexoffice's authorize URL, and the flow's
    cookie in `browser`."""
    return confirm(browser, begin_link(str(browser.base_url).rstrip("/"), api_key))
