"""The consent page of the authorization endpoint: German, plain HTML, no JavaScript.

Tenants have no passwords: the person signs in by pasting the account's API key, which only
this form ever receives (the widget never sees it).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
    ),
}
"""The page takes an API key: no framing (clickjacking), no caching, no referrer."""

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.5rem; }
ul { padding-left: 1.25rem; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input[type=password] { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box;
       border: 2px solid #555; border-radius: 4px; }
.hint { color: #333; font-size: .95rem; }
.error { border: 2px solid #b00020; padding: .75rem; border-radius: 4px; color: #b00020; }
.actions { margin-top: 1.5rem; display: flex; gap: 1rem; flex-wrap: wrap; }
button { font-size: 1rem; padding: .6rem 1.2rem; border-radius: 4px; cursor: pointer; }
button.approve { background: #0b5cad; color: #fff; border: 2px solid #0b5cad; }
button.deny { background: #fff; color: #1a1a1a; border: 2px solid #555; }
button:focus-visible, input:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
code { word-break: break-all; }
"""


def _document(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{escape(title)} – automahntion</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def consent_page(
    *,
    client_name: str,
    scopes: Sequence[tuple[str, str]],
    form_action: str,
    error: str | None = None,
) -> str:
    """`scopes` are (scope, the line the tenant reads); `form_action` keeps the request's
    parameters in the query string the form posts to."""
    items = "\n".join(
        f"<li>{escape(text)} <small>(<code>{escape(scope)}</code>)</small></li>"
        for scope, text in scopes
    )
    alert = ""
    described_by = "api-key-hint"
    if error:
        alert = f'<p class="error" id="api-key-error" role="alert">{escape(error)}</p>\n'
        described_by = "api-key-hint api-key-error"
    invalid = ' aria-invalid="true"' if error else ""
    body = f"""<h1>Zugriff für „{escape(client_name)}“ erlauben?</h1>
<p>Die Anwendung <strong>{escape(client_name)}</strong> möchte im Namen Ihres
automahntion-Kontos Folgendes tun dürfen:</p>
<ul aria-label="Angefragte Berechtigungen">
{items}
</ul>
{alert}<form method="post" action="{escape(form_action)}">
<label for="api-key">API-Schlüssel Ihres automahntion-Kontos</label>
<p class="hint" id="api-key-hint">Ihr Konto hat kein Passwort: Sie melden sich an, indem Sie
den API-Schlüssel Ihres Kontos (beginnt mit <code>amk_</code>) hier einfügen. Der Schlüssel
wird nur geprüft und nicht an die Anwendung weitergegeben; sie erhält lediglich einen
Zugang mit den oben genannten Berechtigungen, den Sie jederzeit widerrufen lassen können.
Zum Ablehnen ist kein Schlüssel nötig.</p>
<input type="password" id="api-key" name="api_key" autocomplete="off" spellcheck="false"
 aria-describedby="{described_by}"{invalid}>
<div class="actions">
<button type="submit" class="approve" name="decision" value="approve">Zugriff erlauben</button>
<button type="submit" class="deny" name="decision" value="deny">Ablehnen</button>
</div>
</form>"""
    return _document(f"Zugriff für {client_name} erlauben?", body)


def error_page(*, error: str, description: str | None) -> str:
    """A request the server cannot send back to the application (unknown client, or a
    redirect URI it did not register): the person reads why here."""
    detail = (
        f"<p>Technische Angabe: <code>{escape(error)}</code>"
        + (f" – {escape(description)}" if description else "")
        + "</p>"
    )
    body = f"""<h1>Diese Anfrage kann nicht bearbeitet werden</h1>
<p role="alert">Die Anwendung, die Sie hierher geschickt hat, hat eine ungültige
Autorisierungsanfrage gestellt (zum Beispiel eine unbekannte Anwendung oder eine nicht
registrierte Rücksprungadresse). Aus Sicherheitsgründen werden Sie nicht zurückgeleitet.
Bitte wenden Sie sich an den Anbieter der Anwendung.</p>
{detail}"""
    return _document("Ungültige Anfrage", body)
