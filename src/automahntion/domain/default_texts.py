"""The default subject and body of every level in German and English (rule 3).

Reminders (R1–R6) stay friendly and grow firmer; dunning notices (M1–M3) are formal. No text
claims an earlier message unless `previous_message` says one was sent, and the last enabled
level names the tenant's next step. Snapshots of every rendering live in tests/snapshots/.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from automahntion.domain.levels import Level
from automahntion.domain.templates import LevelTemplates, Template, fingerprint

_BUNDLE = "{% if invoice_count > 1 %}"
_ELSE = "{% else %}"
_END = "{% endif %}"
_PREVIOUS = "{% if previous_message %}"
_LAST = "{% if is_last_level %}"
_ATTACHED = "{% if document_attached %}"


@dataclass(frozen=True)
class _Words:
    """One language's building blocks; `{what}` and `{is_}` are filled into the openers."""

    reference: str
    what: str
    what_capital: str
    is_: str
    has: str
    amounts: str
    amount: str
    details: str
    court: str
    agency: str
    closing: str
    attached: str
    """After an M-level's opener, only when the notice's document is attached."""


_GERMAN = _Words(
    reference=f"{_BUNDLE}Rechnungen {{{{ invoice_numbers }}}}{_ELSE}"
    f"Rechnung {{{{ invoice_number }}}}{_END}",
    what=f"{_BUNDLE}Ihre Rechnungen {{{{ invoice_numbers }}}}{_ELSE}"
    f"Ihre Rechnung {{{{ invoice_number }}}} vom {{{{ invoice_date }}}}{_END}",
    what_capital="",
    is_=f"{_BUNDLE}sind{_ELSE}ist{_END}",
    has="",
    amounts="{{ invoice_list }}{% if fees %}\n{{ fees }}{% endif %}"
    f"{{% if fees or invoice_count > 1 %}}\nGesamtbetrag: {{{{ total_due }}}}{_END}",
    amount="{% if fees or invoice_count > 1 %}den Gesamtbetrag von {{ total_due }}"
    f"{_ELSE}den offenen Betrag von {{{{ open_amount }}}}{_END}",
    details="{% if payment_details %}\n{{ payment_details }}{% endif %}",
    court=" Geht der Betrag bis zum {{ payment_deadline }} nicht bei uns ein, werden wir ohne "
    "weitere Ankündigung das gerichtliche Mahnverfahren einleiten.",
    agency=" Geht der Betrag bis zum {{ payment_deadline }} nicht bei uns ein, werden wir die "
    "Forderung ohne weitere Ankündigung einem Inkassounternehmen übergeben.",
    closing="Mit freundlichen Grüßen\n{{ company_name }}",
    attached=f"{_ATTACHED} {_BUNDLE}Die Mahnungen finden Sie{_ELSE}Die Mahnung finden Sie{_END} "
    f"als PDF im Anhang.{_END}",
)

_ENGLISH = _Words(
    reference=f"{_BUNDLE}invoices {{{{ invoice_numbers }}}}{_ELSE}"
    f"invoice {{{{ invoice_number }}}}{_END}",
    what=f"{_BUNDLE}your invoices {{{{ invoice_numbers }}}}{_ELSE}"
    f"your invoice {{{{ invoice_number }}}} of {{{{ invoice_date }}}}{_END}",
    what_capital=f"{_BUNDLE}Your invoices {{{{ invoice_numbers }}}}{_ELSE}"
    f"Your invoice {{{{ invoice_number }}}} of {{{{ invoice_date }}}}{_END}",
    is_=f"{_BUNDLE}are{_ELSE}is{_END}",
    has=f"{_BUNDLE}have{_ELSE}has{_END}",
    amounts="{{ invoice_list }}{% if fees %}\n{{ fees }}{% endif %}"
    f"{{% if fees or invoice_count > 1 %}}\nTotal due: {{{{ total_due }}}}{_END}",
    amount="{% if fees or invoice_count > 1 %}the total of {{ total_due }}"
    f"{_ELSE}the outstanding amount of {{{{ open_amount }}}}{_END}",
    details="{% if payment_details %}\n{{ payment_details }}{% endif %}",
    court=" If we have not received the amount by {{ payment_deadline }}, we will apply for a "
    "court order for payment (gerichtliches Mahnverfahren) without further notice.",
    agency=" If we have not received the amount by {{ payment_deadline }}, we will hand the "
    "claim over to a debt collection agency without further notice.",
    closing="Kind regards\n{{ company_name }}",
    attached=f"{_ATTACHED} {_BUNDLE}The formal reminders are{_ELSE}The formal reminder is{_END} "
    f"attached as a PDF.{_END}",
)


def _german_openers(w: _Words) -> dict[Level, str]:
    what, is_ = w.what, w.is_
    return {
        Level.R1: f"bei der Durchsicht unserer Buchhaltung ist uns aufgefallen, dass {what} noch "
        f"nicht beglichen {is_}. Sicher ist das im Alltag nur untergegangen.",
        Level.R2: f"{_PREVIOUS}mit {{{{ previous_message }}}} hatten wir Sie an {what} erinnert. "
        f"Leider ist der offene Betrag bis heute nicht bei uns eingegangen.{_ELSE}{what} {is_} "
        f"leider noch nicht beglichen. Vielleicht ist die Zahlung im Alltag untergegangen.{_END}",
        Level.R3: f"leider {is_} {what}{_PREVIOUS} trotz {{{{ previous_message }}}}{_END} noch "
        "immer nicht beglichen. Bitte prüfen Sie, ob die Zahlung vielleicht übersehen wurde.",
        Level.R4: f"{what} {is_}{_PREVIOUS} trotz {{{{ previous_message }}}}{_END} weiterhin "
        "offen. Wir bitten Sie nun dringend um Ihre Zahlung.",
        Level.R5: f"{what} {is_}{_PREVIOUS} trotz {{{{ previous_message }}}}{_END} leider noch "
        "immer nicht beglichen. Sollte es Schwierigkeiten bei der Zahlung geben, sprechen Sie "
        "uns bitte an – gemeinsam finden wir eine Lösung.",
        Level.R6: f"{what} {is_}{_PREVIOUS} trotz {{{{ previous_message }}}}{_END} bis heute "
        "nicht beglichen. Bitte kümmern Sie sich jetzt umgehend um die Zahlung.",
        Level.M1: f"{what} {is_} {_PREVIOUS}trotz {{{{ previous_message }}}}{_ELSE}trotz "
        f"Fälligkeit{_END} noch nicht beglichen. Mit diesem Schreiben mahnen wir den offenen "
        "Betrag an.",
        Level.M2: f"{what} {is_} {_PREVIOUS}trotz {{{{ previous_message }}}} weiterhin nicht "
        "beglichen. Wir mahnen den offenen Betrag hiermit erneut an."
        f"{_ELSE}trotz Fälligkeit weiterhin nicht beglichen. Wir mahnen den offenen Betrag "
        f"hiermit an.{_END}",
        Level.M3: f"{what} {is_} {_PREVIOUS}trotz {{{{ previous_message }}}} bis heute nicht "
        "beglichen. Wir mahnen den offenen Betrag hiermit erneut an."
        f"{_ELSE}trotz Fälligkeit bis heute nicht beglichen. Wir mahnen den offenen Betrag "
        f"hiermit an.{_END}",
    }


def _english_openers(w: _Words) -> dict[Level, str]:
    what, what_capital, is_, has = w.what, w.what_capital, w.is_, w.has
    return {
        Level.R1: f"While reviewing our accounts, we noticed that {what} {has} not been paid "
        "yet. This has surely just been overlooked.",
        Level.R2: f"{_PREVIOUS}In {{{{ previous_message }}}}, we reminded you of {what}. "
        f"Unfortunately, the outstanding amount has not reached us yet.{_ELSE}{what_capital} {has} "
        f"unfortunately not been paid yet. Perhaps the payment has simply been overlooked.{_END}",
        Level.R3: f"{_PREVIOUS}Despite {{{{ previous_message }}}}, {what}{_ELSE}{what_capital}"
        f"{_END} {has} still not been paid. Please check whether the payment may have been "
        "overlooked.",
        Level.R4: f"{_PREVIOUS}Despite {{{{ previous_message }}}}, {what}{_ELSE}{what_capital}"
        f"{_END} {is_} still outstanding. We now urgently ask for your payment.",
        Level.R5: f"{_PREVIOUS}Despite {{{{ previous_message }}}}, {what}{_ELSE}{what_capital}"
        f"{_END} {has} unfortunately still not been paid. If you are having difficulties "
        "making the payment, please get in touch with us – we will find a solution together.",
        Level.R6: f"{_PREVIOUS}Despite {{{{ previous_message }}}}, {what}{_ELSE}{what_capital}"
        f"{_END} {has} not been paid to date. Please settle the amount without delay.",
        Level.M1: f"{_PREVIOUS}Despite {{{{ previous_message }}}}, {what} {has} not been paid."
        f"{_ELSE}{what_capital} {has} not been paid although payment is due.{_END} With this "
        "reminder, we formally demand payment of the outstanding amount.",
        Level.M2: f"{_PREVIOUS}Despite {{{{ previous_message }}}}, {what} {has} still not been "
        "paid. We hereby demand payment of the outstanding amount once again."
        f"{_ELSE}{what_capital} {has} still not been paid although payment is due. We hereby "
        f"formally demand payment of the outstanding amount.{_END}",
        Level.M3: f"{_PREVIOUS}Despite {{{{ previous_message }}}}, {what} {has} not been paid "
        "to date. We hereby demand payment of the outstanding amount once again."
        f"{_ELSE}{what_capital} {has} not been paid to date although payment is due. We hereby "
        f"formally demand payment of the outstanding amount.{_END}",
    }


def _german_request(level: Level, amount: str) -> str:
    deadline = "{{ payment_deadline }}"
    return {
        Level.R1: f"Bitte überweisen Sie {amount} bis zum {deadline}.",
        Level.R2: f"Bitte überweisen Sie {amount} bis zum {deadline}.",
        Level.R3: f"Bitte überweisen Sie {amount} bis spätestens zum {deadline}.",
        Level.R4: f"Wir bitten Sie dringend, {amount} bis spätestens zum {deadline} zu überweisen.",
        Level.R5: f"Bitte überweisen Sie {amount} umgehend, spätestens bis zum {deadline}.",
        Level.R6: f"Bitte überweisen Sie {amount} umgehend, spätestens bis zum {deadline}."
        "{% if not is_last_level %} Geht bis dahin keine Zahlung ein, erhalten Sie von uns "
        f"eine förmliche Mahnung.{_END}",
        Level.M1: f"Bitte überweisen Sie {amount} bis zum {deadline}.",
        Level.M2: f"Wir fordern Sie auf, {amount} bis spätestens zum {deadline} zu überweisen.",
        Level.M3: f"Wir fordern Sie {_LAST}letztmalig{_ELSE}nachdrücklich{_END} auf, {amount} "
        f"bis spätestens zum {deadline} zu überweisen.",
    }[level]


def _english_request(level: Level, amount: str) -> str:
    deadline = "{{ payment_deadline }}"
    return {
        Level.R1: f"Please transfer {amount} by {deadline}.",
        Level.R2: f"Please transfer {amount} by {deadline}.",
        Level.R3: f"Please transfer {amount} by {deadline} at the latest.",
        Level.R4: f"We urgently ask you to transfer {amount} by {deadline} at the latest.",
        Level.R5: f"Please transfer {amount} immediately, by {deadline} at the latest.",
        Level.R6: f"Please transfer {amount} immediately, by {deadline} at the latest."
        "{% if not is_last_level %} If we have not received your payment by then, you will "
        f"receive a formal reminder from us.{_END}",
        Level.M1: f"Please transfer {amount} by {deadline}.",
        Level.M2: f"We request that you transfer {amount} by {deadline} at the latest.",
        Level.M3: f"We call on you {_LAST}for the last time {_END}to transfer {amount} by "
        f"{deadline} at the latest.",
    }[level]


_ORDINALS_EN = {Level.M1: "First", Level.M2: "Second", Level.M3: "Third"}
_SUBJECTS_DE = {
    Level.R1: "Zahlungserinnerung: {ref}",
    Level.R2: "Erinnerung: {ref} noch offen",
    Level.R3: "Bitte um Zahlung: {ref}",
    Level.R4: "Dringende Bitte um Zahlung: {ref}",
    Level.R5: "Zahlung weiterhin ausstehend: {ref}",
    Level.R6: "Letzte Zahlungserinnerung: {ref}",
}
_SUBJECTS_EN = {
    Level.R1: "Payment reminder: {ref}",
    Level.R2: "Reminder: {ref} still unpaid",
    Level.R3: "Request for payment: {ref}",
    Level.R4: "Urgent request for payment: {ref}",
    Level.R5: "Payment still outstanding: {ref}",
    Level.R6: "Final payment reminder: {ref}",
}


def _german(level: Level) -> Template:
    w = _GERMAN
    if level.is_dunning_notice:
        number = level.value[1]
        subject = f"{number}. {_LAST}und letzte {_END}Mahnung: {w.reference}"
        last = "Dies ist unsere letzte Mahnung."
        paid = (
            "Sollten Sie die Zahlung inzwischen geleistet haben, betrachten Sie dieses "
            "Schreiben bitte als gegenstandslos."
        )
    else:
        subject = _SUBJECTS_DE[level].format(ref=w.reference)
        last = "Dies ist unsere letzte Zahlungserinnerung."
        paid = (
            "Falls Sie die Zahlung bereits veranlasst haben, betrachten Sie diese Erinnerung "
            "bitte als gegenstandslos. Bei Fragen sind wir gern für Sie da."
        )
    return Template(
        subject, _body(w, _german_openers(w)[level], _german_request, level, last, paid)
    )


def _english(level: Level) -> Template:
    w = _ENGLISH
    if level.is_dunning_notice:
        ordinal = _ORDINALS_EN[level]
        subject = f"{ordinal} {_LAST}and final {_END}formal reminder: {w.reference}"
        last = "This is our final formal reminder."
        paid = "If you have paid in the meantime, please disregard this reminder."
    else:
        subject = _SUBJECTS_EN[level].format(ref=w.reference)
        last = "This is our final payment reminder."
        paid = (
            "If you have already arranged payment, please disregard this reminder. If you "
            "have any questions, we are happy to help."
        )
    opener = _english_openers(w)[level]
    return Template(subject, _body(w, opener, _english_request, level, last, paid))


def _body(
    w: _Words, opener: str, request: Callable[[Level, str], str], level: Level, last: str, paid: str
) -> str:
    next_step = (
        f'{{% if next_step == "court_procedure" %}}{w.court}'
        f'{{% elif next_step == "collection_agency" %}}{w.agency}{_END}'
    )
    attached = w.attached if level.is_dunning_notice else ""
    return (
        "{{ salutation }},\n\n"
        f"{opener}{attached}\n\n"
        f"{w.amounts}\n\n"
        f"{request(level, w.amount)}{w.details}\n\n"
        f"{_LAST}{last}{next_step}\n\n{_END}"
        f"{paid}\n\n"
        f"{w.closing}"
    )


DEFAULT_TEMPLATES: dict[Level, LevelTemplates] = {
    level: LevelTemplates(_german(level), _english(level)) for level in Level
}

RETIRED_DEFAULTS = frozenset(
    {
        "9fb27dfb332f8169119cfc82dde6137802c6c73d9e3d59a7090af85c8d3d3297",
        "3ba9d048c43a5f0631a0c494f10be803eab47bcc55b95ad051a8aae782c6c49b",
        "7a0a9563e36dd7321c733a27cfa77a5df70b3a519eec6377d98acc0e36784c4d",
        "5ccfa7b26f3c9dfd8aaddb8beca36946efcc3acf71dbb9bc4505a0e280230f9b",
        "da4ed07bf77d60efa5575154fd7e07b1273f51b6208428db6e0dc1df31df027c",
        "c097d9fdc23ff8390b9b346c73ae6b3fcca7d3d1aa6684f42d8a6223334ef1af",
        "c86f233a02d229268c07b8852aee14aab7ab8f54d181cbdfc18a39c2d899e425",
    }
)
"""Fingerprints of the defaults of earlier releases: one text for R1–R6, one per M-level, no
English M-texts, the M-texts saying "trotz unserer Erinnerung" even when none was sent (the
first four); M1–M3 not yet naming their attached document (the last three). A tenant whose
stored texts are still one of them never chose them: they get today's defaults."""


def is_retired_default(templates: LevelTemplates) -> bool:
    return fingerprint(templates) in RETIRED_DEFAULTS
