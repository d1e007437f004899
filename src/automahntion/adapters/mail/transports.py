"""`MailTransports`: the service's no-reply server, or a tenant's own one (SMTP add-on).

Built from plain settings values, not the `Settings` object, so that it stays an adapter.
"""

from __future__ import annotations

import ssl

from automahntion.adapters.mail.hosts import RESOLVE_TIMEOUT_S, resolve
from automahntion.adapters.mail.smtp import DEFAULT_TIMEOUT, SmtpMailTransport
from automahntion.app.clock import Clock
from automahntion.app.mail.ports import MailTransport
from automahntion.app.mail.records import SmtpServer, SmtpTls


class SmtpMailTransports:
    """`default()` sends through the configured no-reply server (trusted: the operator set it
    up, it may well be a relay on localhost). `tenant_server()` refuses hosts on loopback or
    private addresses unless `allow_private_hosts` (settings
    `AUTOMAHNTION_SMTP_ALLOW_PRIVATE_HOSTS`), when it is built and again at every connection;
    each DNS lookup runs off the event loop within `resolve_timeout`."""

    def __init__(
        self,
        host: str,
        port: int,
        from_address: str,
        *,
        user: str | None = None,
        password: str | None = None,
        tls: SmtpTls | str = SmtpTls.STARTTLS,
        allow_private_hosts: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        resolve_timeout: float = RESOLVE_TIMEOUT_S,
        ssl_context: ssl.SSLContext | None = None,
        local_hostname: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._default = SmtpMailTransport(
            host,
            port,
            from_address,
            tls=tls,
            username=user,
            password=password,
            timeout=timeout,
            ssl_context=ssl_context,
            local_hostname=local_hostname,
            clock=clock,
        )
        self._allow_private_hosts = allow_private_hosts
        self._timeout = timeout
        self._resolve_timeout = resolve_timeout
        self._ssl_context = ssl_context
        self._local_hostname = local_hostname
        self._clock = clock

    def default(self) -> MailTransport:
        return self._default

    async def tenant_server(self, server: SmtpServer) -> MailTransport:
        if not self._allow_private_hosts:
            await resolve(server.host, server.port, public_only=True, timeout=self._resolve_timeout)
        return self._tenant_transport(server)

    async def check(self, server: SmtpServer) -> str | None:
        return await self._tenant_transport(server).check()

    def _tenant_transport(self, server: SmtpServer) -> SmtpMailTransport:
        return SmtpMailTransport(
            server.host,
            server.port,
            server.from_address,
            tls=server.tls,
            username=server.username,
            password=server.password,
            timeout=self._timeout,
            resolve_timeout=self._resolve_timeout,
            ssl_context=self._ssl_context,
            public_hosts_only=not self._allow_private_hosts,
            pin_addresses=True,
            local_hostname=self._local_hostname,
            clock=self._clock,
        )
