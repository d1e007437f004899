"""The begin page of the lexoffice connect flow: German, plain HTML, no JavaScript, in the
feedback pages' styles. It names the automahntion account the books will be connected to and
asks to go on only when that is the reader's own."""

from __future__ import annotations

from html import escape

from automahntion.api.feedback_html import html_document

TICKET_FIELD = "ticket"
CSRF_FIELD = "csrf"


def begin_page(*, company: str, account_email: str, action: str, ticket: str, csrf: str) -> str:
    body = (
        '<p class="company">automahntion</p>\n'
        "<h1>lexoffice-Buchhaltung verbinden</h1>\n"
        "<p>Sie verbinden Ihre lexoffice-Buchhaltung mit dem automahntion-Konto von "
        f"<strong>„{escape(company)}“</strong> (E-Mail-Adresse des Kontos: "
        f"<strong>{escape(account_email)}</strong>). Dieses Konto kann danach Ihre Rechnungen "
        "und Kontakte aus lexoffice lesen und Zahlungserinnerungen dazu verschicken.</p>\n"
        '<div class="error" id="warnung"><p><strong>Fahren Sie nur fort, wenn das Ihr eigenes '
        "Konto ist.</strong> Hat Ihnen jemand anderes diesen Link geschickt, schließen Sie "
        "diese Seite: sonst könnte diese Person Ihre Buchhaltung einsehen.</p></div>\n"
        f'<form method="post" action="{escape(action)}">\n'
        f'<input type="hidden" name="{TICKET_FIELD}" value="{escape(ticket)}">\n'
        f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf)}">\n'
        '<p class="hint">Sie werden zu lexoffice weitergeleitet und bestätigen dort den '
        "Zugriff. Dieser Link gilt 10 Minuten und nur einmal.</p>\n"
        '<button type="submit" aria-describedby="warnung">Weiter zu lexoffice</button>\n'
        "</form>"
    )
    return html_document(f"lexoffice verbinden – {company}", body)


def invalid_link_page() -> str:
    return html_document(
        "Link ungültig",
        "<h1>Dieser Link ist nicht mehr gültig</h1>\n"
        '<p role="alert">Der Link zum Verbinden mit lexoffice ist abgelaufen, wurde schon '
        "verwendet oder ist ungültig. Er gilt 10 Minuten und nur einmal.</p>\n"
        "<p>Bitte starten Sie die Verbindung mit lexoffice in Ihrer Anwendung erneut.</p>",
    )


def refused_page(again: str) -> str:
    """The confirmation did not come from the begin page in this browser (forged, or cookies
    blocked): nothing happened, and the link still works."""
    return html_document(
        "Anfrage abgelehnt",
        "<h1>Diese Bestätigung wurde nicht angenommen</h1>\n"
        '<p role="alert">Die Bestätigung kam nicht von der Seite, die Ihnen das '
        "automahntion-Konto genannt hat, oder Ihr Browser hat das dafür nötige Cookie nicht "
        "gesendet. Es wurde nichts verbunden.</p>\n"
        f'<p><a href="{escape(again)}">Zurück zur Bestätigungsseite</a> (Cookies für diese '
        "Seite müssen erlaubt sein).</p>",
    )


def not_configured_page() -> str:
    return html_document(
        "lexoffice nicht eingerichtet",
        "<h1>Verbinden mit lexoffice ist hier nicht möglich</h1>\n"
        '<p role="alert">Auf diesem Server ist keine lexoffice-Partner-App eingerichtet. '
        "Verbinden Sie lexoffice stattdessen mit einem privaten API-Schlüssel.</p>",
    )
