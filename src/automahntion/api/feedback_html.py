"""The customer's feedback pages: plain server-rendered German HTML, no JavaScript, no cookies.

Accessible by construction: `lang="de"`, one `h1` per page, the stars as a radio group in a
`fieldset` with a `legend`, every control with a `label`, visible focus, errors announced with
`role="alert"` and tied to their field, and a layout that fits a phone.
"""

from __future__ import annotations

from html import escape

from automahntion.domain.feedback import MAX_COMMENT_CHARS

STAR_LABELS = {
    1: "sehr unzufrieden",
    2: "unzufrieden",
    3: "teils, teils",
    4: "zufrieden",
    5: "sehr zufrieden",
}

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1a1a1a;background:#f4f4f2;padding:.75rem}
main{max-width:36rem;margin:0 auto}
.card{background:#fff;border:1px solid #d0d0cc;border-radius:.5rem;padding:1.25rem}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 .75rem}
.company{margin:0 0 1rem;color:#44443f;font-weight:600}
fieldset{border:0;margin:0 0 1.25rem;padding:0}
legend{font-weight:600;margin-bottom:.5rem;padding:0}
.stars{display:flex;flex-direction:column;gap:.375rem}
.star{display:flex;align-items:center;gap:.625rem;padding:.5rem .75rem;border:1px solid #b8b8b2;
border-radius:.375rem;background:#fff;cursor:pointer;min-height:2.75rem}
.star input{width:1.25rem;height:1.25rem;margin:0;accent-color:#1d5fbf}
.star:has(input:checked){border-color:#1d5fbf;background:#eaf1fc}
.glyphs{color:#a86b00;letter-spacing:.1em;min-width:5.5em}
label.block{display:block;font-weight:600;margin-bottom:.375rem}
textarea{width:100%;min-height:8rem;padding:.5rem;font:inherit;border:1px solid #8a8a84;
border-radius:.375rem}
.hint{color:#55554f;font-size:.9375rem;margin:.25rem 0 1.25rem}
button{font:inherit;font-weight:600;color:#fff;background:#1d5fbf;border:0;border-radius:.375rem;
padding:.75rem 1.5rem;min-height:2.75rem;cursor:pointer;width:100%}
button:hover{background:#174d9b}
:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
.star:has(input:focus-visible){outline:3px solid #f2a900;outline-offset:2px}
.error{border-left:4px solid #b3261e;background:#fdecea;padding:.75rem;margin:0 0 1rem}
.error p{margin:0}
@media (min-width:30rem){button{width:auto}}
"""


def html_document(title: str, body: str) -> str:
    """A whole page: German, the shared styles, `body` in one card."""
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f'<body>\n<main class="card" id="inhalt">\n{body}\n</main>\n</body>\n</html>\n'
    )


def _stars_word(stars: int) -> str:
    return "1 Stern" if stars == 1 else f"{stars} Sterne"


def form_page(
    company: str,
    question: str,
    action: str,
    *,
    errors: dict[str, str] | None = None,
    stars: int | None = None,
    comment: str = "",
) -> str:
    errors = errors or {}
    alert = ""
    if errors:
        items = "".join(f"<p>{escape(text)}</p>" for text in errors.values())
        alert = f'<div class="error" role="alert" id="fehler">{items}</div>\n'
    options = []
    for value, text in STAR_LABELS.items():
        checked = " checked" if stars == value else ""
        required = " required" if value == 1 else ""
        glyphs = "★" * value + "☆" * (5 - value)
        options.append(
            f'<label class="star" for="stars-{value}">'
            f'<input type="radio" id="stars-{value}" name="stars" value="{value}"'
            f"{checked}{required}>"
            f'<span class="glyphs" aria-hidden="true">{glyphs}</span>'
            f"<span>{_stars_word(value)} – {text}</span></label>"
        )
    described = ' aria-describedby="fehler"' if "stars" in errors else ""
    hints = "fehler kommentar-hinweis" if "comment" in errors else "kommentar-hinweis"
    limit = f"{MAX_COMMENT_CHARS:,}".replace(",", ".")
    body = (
        f'<p class="company">{escape(company)}</p>\n'
        f"<h1>{escape(question)}</h1>\n{alert}"
        f'<form method="post" action="{escape(action)}">\n'
        f"<fieldset{described}>\n<legend>Ihre Bewertung: 1 Stern = sehr unzufrieden, "
        "5 Sterne = sehr zufrieden</legend>\n"
        f'<div class="stars">{"".join(options)}</div>\n</fieldset>\n'
        '<label class="block" for="kommentar">Ihr Kommentar (freiwillig)</label>\n'
        f'<textarea id="kommentar" name="comment" maxlength="{MAX_COMMENT_CHARS}" rows="5" '
        f'aria-describedby="{hints}">{escape(comment)}</textarea>\n'
        f'<p class="hint" id="kommentar-hinweis">Höchstens {limit} Zeichen. '
        "Ihre Antwort wird ohne Ihren Namen ausgewertet.</p>\n"
        '<button type="submit">Bewertung senden</button>\n</form>'
    )
    return html_document(f"Ihre Meinung – {company}", body)


def thanks_page(company: str) -> str:
    return html_document(
        "Vielen Dank!",
        f'<p class="company">{escape(company)}</p>\n<h1>Vielen Dank für Ihre Bewertung!</h1>\n'
        "<p>Ihre Rückmeldung ist angekommen. Sie hilft uns, noch besser zu werden.</p>",
    )


def already_given_page(company: str) -> str:
    return html_document(
        "Bewertung bereits abgegeben",
        f'<p class="company">{escape(company)}</p>\n<h1>Sie haben bereits bewertet</h1>\n'
        "<p>Für diese Rechnung wurde schon eine Bewertung abgegeben. Pro Rechnung ist eine "
        "Bewertung möglich – vielen Dank für Ihre Rückmeldung!</p>",
    )


def not_found_page() -> str:
    return html_document(
        "Link nicht gefunden",
        "<h1>Dieser Link ist ungültig</h1>\n<p>Wir konnten zu diesem Link keine "
        "Bewertungsseite finden. Bitte prüfen Sie, ob Sie den Link aus der E-Mail vollständig "
        "übernommen haben.</p>",
    )
