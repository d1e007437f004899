"""Use case: the letter a notice would carry for one invoice today (nothing is stored)."""

from __future__ import annotations

from uuid import UUID

from automahntion.app.dunning.load import plan_cycle
from automahntion.app.dunning.ports import DunningPorts
from automahntion.app.dunning.prepare import facts as dunning_facts
from automahntion.app.errors import NotFound
from automahntion.app.post.letter_layout import DunningLetter
from automahntion.app.post.notice_letter import NoticeContext, build_letter
from automahntion.app.tenants.letterheads import logo_of
from automahntion.domain.calendar import berlin_today
from automahntion.domain.day_plan import pricing
from automahntion.domain.default_texts import DEFAULT_TEMPLATES
from automahntion.domain.levels import Level


async def letter_preview(
    ports: DunningPorts, tenant_id: UUID, invoice_id: UUID, level: Level
) -> DunningLetter:
    """The letter a notice at `level` would carry for this invoice today (nothing is stored)."""
    now = ports.clock.now()
    today = berlin_today(now)
    day = await plan_cycle(ports, tenant_id, now, persist=False)
    stored = next((s for s in day.stored.values() if s.id == invoice_id), None)
    if stored is None:
        raise NotFound("invoice", invoice_id)
    invoice = stored.invoice
    file = next(f for f in day.files if f.invoice.lexoffice_id == invoice.lexoffice_id)
    current = day.templates.get(level)
    templates = current[1].templates if current else DEFAULT_TEMPLATES[level]
    extras = day.tenant.settings.statutory_extras
    fees = pricing(file, level, day.rules.policy, extras, today)
    facts = dunning_facts(ports.rates, day, file, fees, invoice.open_cents, today, level)
    language, template = templates.pick(invoice.language)
    rendered = ports.templates.render(template, facts, language)
    return build_letter(
        NoticeContext(
            tenant_id=tenant_id,
            invoice_id=stored.id,
            invoice=invoice,
            level=level,
            today=today,
            now=now,
            rendered=rendered,
            facts=facts,
            recipient_address=day.addresses.get(invoice.contact_id or "", ()),
            letterhead=day.tenant.settings.letterhead.with_logo(
                await logo_of(ports.units, tenant_id)
            ),
        )
    )
