"""The composition root: every adapter built once from settings, and the jobs they serve."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from functools import cached_property
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from uuid import UUID

import httpx
from arq import create_pool
from arq.connections import ArqRedis, RedisSettings

from automahntion.adapters.files import FolderFileStore
from automahntion.adapters.jobs.arq_queue import ArqJobs
from automahntion.adapters.jobs.inprocess import InProcessJobs
from automahntion.adapters.lexoffice.gateways import LexofficeGatewayFactory
from automahntion.adapters.lexoffice.oauth import LexofficeOAuth
from automahntion.adapters.lexoffice.rate import LocalRateLimiter, RateLimiter, RedisRateLimiter
from automahntion.adapters.lexoffice.webhooks import parse_event
from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.adapters.pdf import WkhtmltopdfRenderer
from automahntion.adapters.templates import SandboxedTemplateRenderer
from automahntion.adapters.thank_you_templates import SandboxedThankYouRenderer
from automahntion.adapters.webhook_sender import HttpWebhookSender
from automahntion.app.billing.subscription import BillingPorts
from automahntion.app.clock import Clock
from automahntion.app.daily import (
    DAILY_JOB_TIMEOUT_S,
    DailyPorts,
    DayCutOff,
    daily_job_id,
    digest_job_id,
    digest_only,
    run_day_within,
    tenants_at_sending_hour,
)
from automahntion.app.dunning import DunningPorts
from automahntion.app.jobs import Jobs
from automahntion.app.lexoffice import events
from automahntion.app.lexoffice.events import LEXOFFICE_EVENT_JOB
from automahntion.app.log_context import log_context
from automahntion.app.loyalty.ports import ThankYouPorts
from automahntion.app.mail.ports import MailTransports
from automahntion.app.post.letters import forget_stale_early_events
from automahntion.app.post.provider import LetterPrinter
from automahntion.app.review.attention import DigestPorts
from automahntion.app.webhooks import delivery
from automahntion.app.webhooks.delivery import WEBHOOK_DELIVERY_JOB, WebhookPorts
from automahntion.app.webhooks.records import DueDelivery
from automahntion.bootstrap.database import Database
from automahntion.bootstrap.providers import Providers, build_providers, lexoffice_events
from automahntion.bootstrap.settings import Settings
from automahntion.domain.interest import BaseRateTable

log = logging.getLogger(__name__)
HTTP_TIMEOUT_S = 30.0
WEBHOOK_PATH = "/v1/webhooks/lexoffice"
CALLBACK_PATH = "/v1/lexoffice/callback"
DAILY_JOB = "daily_run"
DIGEST_JOB = "attention_digest"
JOB_GRACE_S = 1.0
"""How long running jobs get to finish at shutdown before they are cancelled."""


def no_cookies() -> CookieJar:
    """The shared client serves every tenant (their webhook endpoints, their lexoffice calls):
    a cookie one answer sets must not ride along on another tenant's request, so none is kept."""
    return CookieJar(DefaultCookiePolicy(allowed_domains=[]))


def _oauth(settings: Settings) -> LexofficeOAuth | None:
    if not (settings.lexoffice_client_id and settings.lexoffice_client_secret):
        return None
    return LexofficeOAuth(
        client_id=settings.lexoffice_client_id,
        client_secret=settings.lexoffice_client_secret,
        authorize_url=settings.lexoffice_authorize_url,
        token_url=settings.lexoffice_token_url,
        revoke_url=settings.lexoffice_revoke_url,
        redirect_uri=settings.public_url.rstrip("/") + CALLBACK_PATH,
    )


def _mail(settings: Settings) -> SmtpMailTransports:
    return SmtpMailTransports(
        host=settings.mail_host,
        port=settings.mail_port,
        from_address=settings.mail_from,
        user=settings.mail_user,
        password=settings.mail_password,
        tls=settings.mail_tls,
        allow_private_hosts=settings.smtp_allow_private_hosts,
    )


@dataclass
class Container:
    settings: Settings
    clock: Clock
    database: Database
    http: httpx.AsyncClient
    limiter: RateLimiter
    gateways: LexofficeGatewayFactory
    oauth: LexofficeOAuth | None
    mail: MailTransports
    redis: ArqRedis | None = None
    letters: LetterPrinter | None = None
    """Replaces the configured postal provider (the demo writes letters to a folder)."""
    rates: BaseRateTable = field(default_factory=BaseRateTable)
    day_limit_s: float = DAILY_JOB_TIMEOUT_S
    """How long a tenant's day may take: the worker's daily job, `serve`'s in-process one and
    `automahntion run` alike; shorter in tests."""
    jobs: Jobs = field(init=False)

    def __post_init__(self) -> None:
        self.jobs = (
            ArqJobs(self.redis)
            if self.redis is not None
            else InProcessJobs(
                {
                    LEXOFFICE_EVENT_JOB: self.process_lexoffice_event,
                    DAILY_JOB: self.daily_run,
                    DIGEST_JOB: self.digest_only,
                    WEBHOOK_DELIVERY_JOB: self.deliver_webhook,
                }
            )
        )
        self.database.deliveries_committed = self._queue_committed

    @classmethod
    async def start(
        cls,
        settings: Settings,
        clock: Clock,
        mail: MailTransports | None = None,
        letters: LetterPrinter | None = None,
        *,
        day_limit_s: float = DAILY_JOB_TIMEOUT_S,
    ) -> Container:
        rates = settings.base_rate_table
        lexoffice_events(settings)  # a key that cannot be read stops the start, not a webhook
        database = Database.connect(settings.database_url, settings.require_secret_key())
        await database.start()
        redis = (
            await create_pool(RedisSettings.from_dsn(settings.redis_url))
            if settings.redis_url
            else None
        )
        limiter: RateLimiter = (
            RedisRateLimiter(redis, settings.lexoffice_rate)
            if redis is not None
            else LocalRateLimiter(settings.lexoffice_rate)
        )
        http = httpx.AsyncClient(timeout=HTTP_TIMEOUT_S, cookies=no_cookies())
        oauth = _oauth(settings)
        gateways = LexofficeGatewayFactory(
            units=database.unit_of_work,
            http=http,
            base_url=settings.lexoffice_api_url,
            limiter=limiter,
            clock=clock,
            oauth=oauth,
        )
        return cls(
            settings,
            clock,
            database,
            http,
            limiter,
            gateways,
            oauth,
            mail or _mail(settings),
            redis,
            letters,
            rates,
            day_limit_s,
        )

    async def stop(self) -> None:
        if isinstance(self.jobs, InProcessJobs):
            await self.jobs.stop(JOB_GRACE_S)
        await self.http.aclose()
        if self.redis is not None:
            await self.redis.aclose()
        await self.database.stop()

    @property
    def webhook_url(self) -> str:
        return self.settings.public_url.rstrip("/") + WEBHOOK_PATH

    @cached_property
    def providers(self) -> Providers:
        """The postal and payment clients and webhook verifiers; each None unless configured."""
        return build_providers(self.settings, self.http, self.clock)

    @cached_property
    def dunning(self) -> DunningPorts:
        """Built once: the PDF layout compiles its template when made."""
        return DunningPorts(
            units=self.database.unit_of_work,
            gateways=self.gateways,
            mail=self.mail,
            templates=SandboxedTemplateRenderer(),
            clock=self.clock,
            message_domain=self.settings.mail_from.rpartition("@")[2] or "automahntion.invalid",
            files=FolderFileStore(Path(self.settings.documents_dir)),
            renderer=WkhtmltopdfRenderer() if shutil.which("wkhtmltopdf") else None,
            letters=self.letters or self.providers.letters,
            rates=self.rates,
            day_reads=self.database.day_reads,
        )

    @cached_property
    def thank_yous(self) -> ThankYouPorts:
        return ThankYouPorts(
            units=self.database.unit_of_work,
            mail=self.mail,
            renderer=SandboxedThankYouRenderer(),
            clock=self.clock,
            message_domain=self.dunning.message_domain,
            public_url=self.settings.public_url,
            gateways=self.gateways,
        )

    @cached_property
    def digest(self) -> DigestPorts:
        return DigestPorts(
            self.database.unit_of_work, self.mail, self.clock, self.dunning.message_domain
        )

    @cached_property
    def billing(self) -> BillingPorts:
        return BillingPorts(self.database.unit_of_work, self.providers.payments, self.clock)

    @cached_property
    def webhooks(self) -> WebhookPorts:
        allow = self.settings.webhook_allow_loopback
        return WebhookPorts(
            units=self.database.unit_of_work,
            sender=HttpWebhookSender(self.http, allow_loopback=allow),
            clock=self.clock,
            jobs=self.jobs,
            allow_loopback=allow,
        )

    async def _queue_committed(self, deliveries: list[tuple[UUID, UUID]]) -> None:
        due = [DueDelivery(tenant, delivery_id, 1) for tenant, delivery_id in deliveries]
        await delivery.queue_deliveries(self.jobs, due)

    async def deliver_webhook(self, tenant_id: str, delivery_id: str, attempt: str) -> str:
        """The job: one attempt of one delivery."""
        with log_context(tenant_id=tenant_id):
            outcome = await delivery.deliver(
                self.webhooks, UUID(tenant_id), UUID(delivery_id), int(attempt)
            )
            log.info("webhook delivery: %s", outcome, extra={"event": "webhook_delivery"})
        return outcome

    @cached_property
    def daily(self) -> DailyPorts:
        return DailyPorts(self.dunning, self.thank_yous, self.digest, self.billing)

    async def daily_run(self, tenant_id: str) -> str:
        """The daily job, of the worker and of `serve` without Redis alike: the day's run; it
        fails (after every step ran) when a step failed. A day still going after `day_limit_s`
        is cut off here as `automahntion run` does it (one `tenant_failed` line with
        `cut_off_after_s`; a message being handed over stays `sending` for review): a hanging
        day must not keep its tenant's day, its database connection and its claims forever.
        A day cut off ends the job with the reason as its result, not as a failure: it is
        logged already, and arq would log it again with a traceback. It is not run again
        either way (the job id is the tenant's day, its result kept)."""
        try:
            return await self._daily_run(tenant_id)
        except DayCutOff as cut_off:  # logged as it was cut off
            return str(cut_off)

    async def _daily_run(self, tenant_id: str) -> str:
        with log_context(tenant_id=tenant_id):
            report = await run_day_within(self.day_limit_s, self.daily, UUID(tenant_id))
            cycle = report.cycle
            outcome = cycle.held or f"{len(cycle.sent)} sent"
            log.info("daily run finished: %s", outcome, extra={"event": "daily_run"})
            for later in report.failed[1:]:
                log.error(
                    "daily run: the %s failed",
                    later.step,
                    exc_info=later.error,
                    extra={"event": "daily_step_failed"},
                )
            if report.failed:
                raise report.failed[0].error
        return outcome

    async def tick(self) -> int:
        """Schedule today's run of every tenant whose sending hour has come (a tenant whose
        lexoffice connection is lost: its digest only); returns how many were newly
        scheduled. Also queues the webhook deliveries due and left without a job, and forgets
        postal status reports kept for a letter that was never recorded (`EARLY_EVENTS_KEPT`)."""
        now = self.clock.now()
        units = self.database.unit_of_work
        connected, lost = await tenants_at_sending_hour(units, now)
        jobs = [(DAILY_JOB, t, daily_job_id(t, now)) for t in connected]
        jobs += [(DIGEST_JOB, t, digest_job_id(t, now)) for t in lost]
        scheduled = 0
        for name, tenant_id, job_id in jobs:
            if await self.jobs.enqueue(name, str(tenant_id), job_id=job_id):
                scheduled += 1
        await delivery.sweep(self.webhooks)
        forgotten = await forget_stale_early_events(units, now)
        if forgotten:
            log.info(
                "forgot %d postal status reports of letters never recorded",
                forgotten,
                extra={"event": "early_letter_events_forgotten"},
            )
        return scheduled

    async def digest_only(self, tenant_id: str) -> str:
        with log_context(tenant_id=tenant_id):
            await digest_only(self.digest, UUID(tenant_id))
        return "digest"

    async def process_lexoffice_event(self, tenant_id: str, payload: str) -> str:
        with log_context(tenant_id=tenant_id):
            outcome = await self._process_lexoffice_event(tenant_id, payload)
            log.info("lexoffice event: %s", outcome, extra={"event": "lexoffice_event"})
        return outcome

    async def _process_lexoffice_event(self, tenant_id: str, payload: str) -> str:
        return await events.process(
            self.database.unit_of_work,
            self.gateways,
            UUID(tenant_id),
            parse_event(payload.encode()),
            self.clock,
        )
