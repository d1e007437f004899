"""`automahntion-admin`: tenants (list, search, the support view, creation, plan and limit
changes), OAuth clients and admin tokens, through the `/v1/admin` API with an admin token.

The API's address and the token come from `--url`/`--token` or `AUTOMAHNTION_API_URL` and
`AUTOMAHNTION_ADMIN_TOKEN`. The first admin token is issued on the server's machine with
`automahntion admin create-token`; further ones with `tokens create`. Tables for people,
`--json` for scripts; a refusal prints the problem and exits with 1."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn
from uuid import UUID

from .. import __version__
from ..api.admin import (
    admin_change_plan,
    admin_create_tenant,
    admin_create_token,
    admin_get_tenant,
    admin_list_oauth_clients,
    admin_list_tenants,
    admin_list_tokens,
    admin_register_oauth_client,
    admin_revoke_oauth_client,
    admin_revoke_token,
)
from ..client import AuthenticatedClient
from ..models import (
    AdminTenantIn,
    AdminTenantOut,
    AdminTokenCreated,
    AdminTokenIn,
    AdminTokenOut,
    CreatedTenantOut,
    OAuthClientCreated,
    OAuthClientIn,
    OAuthClientInScopesItem,
    OAuthClientOut,
    Plan,
    PlanIn,
    Problem,
    TenantSupportOut,
)
from ..pages import PageError, iterate_pages
from ..types import UNSET, Response, Unset
from .tables import fields, table

URL_VARIABLE = "AUTOMAHNTION_API_URL"
TOKEN_VARIABLE = "AUTOMAHNTION_ADMIN_TOKEN"
DEFAULT_URL = "http://127.0.0.1:8000"
PAGE_SIZE = 100
PLANS = [p.value for p in Plan]
SCOPES = [s.value for s in OAuthClientInScopesItem]


class Refused(Exception):
    """The API said no: the message is its problem, as a person reads it."""


def _problem_text(problem: Problem) -> str:
    lines = [f"error: {problem.status} {problem.title}"]
    if isinstance(problem.detail, str):
        lines.append(problem.detail)
    if isinstance(problem.errors, list):
        lines += [f"  {e.field}: {e.message}" for e in problem.errors]
    return "\n".join(lines)


def _answer(response: Response[Any], expected: type | None) -> Any:
    if expected is None and 200 <= response.status_code < 300:
        return None
    if expected is not None and isinstance(response.parsed, expected):
        return response.parsed
    if isinstance(response.parsed, Problem):
        raise Refused(_problem_text(response.parsed))
    body = response.content.decode(errors="replace").strip()
    raise Refused(f"error: HTTP {response.status_code}" + (f": {body}" if body else ""))


def _all(fn: Callable[..., object], client: AuthenticatedClient, **query: Any) -> list[Any]:
    try:
        return list(iterate_pages(fn, client, limit=PAGE_SIZE, **query))
    except PageError as refused:
        answer = refused.answer
        raise Refused(
            _problem_text(answer) if isinstance(answer, Problem) else str(refused)
        ) from None


def _print_json(value: Any) -> None:
    if isinstance(value, list):
        data: Any = [v.to_dict() for v in value]
    else:
        data = value.to_dict() if hasattr(value, "to_dict") else value
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str))


TENANT_COLUMNS = {
    "ID": "id",
    "NAME": "name",
    "E-MAIL": "email",
    "PLAN": "plan",
    "LIMIT": "limit",
    "ADMITTED": "admitted",
    "WAITING": "waiting",
    "LEXOFFICE": "connection",
    "CREATED": "created_at",
}


def _tenant_rows(tenants: Sequence[AdminTenantOut]) -> str:
    return table(
        list(TENANT_COLUMNS),
        [[getattr(t, name) for name in TENANT_COLUMNS.values()] for t in tenants],
    )


def _support(view: TenantSupportOut) -> str:
    limit = f"{view.limit} (custom)" if isinstance(view.custom_limit, int) else view.limit
    head = fields(
        [
            ("id", view.id),
            ("name", view.name),
            ("e-mail", view.email),
            ("billing e-mail", view.billing_email),
            ("plan", view.plan),
            ("limit", limit),
            ("trial ends", view.trial_ends_on),
            ("admitted / waiting / blocked", f"{view.admitted} / {view.waiting} / {view.blocked}"),
            ("dunning active", view.dunning_active),
            ("activated at", view.activated_at),
            ("paused", view.paused),
            ("lexoffice", view.lexoffice.status),
            ("lexoffice company", view.lexoffice.company_name),
            ("lexoffice problem", view.lexoffice.disconnected_reason),
            ("last sync", view.last_sync_at),
            ("own SMTP server", view.smtp_configured),
            ("active API keys", view.active_api_keys),
            ("created", view.created_at),
        ]
    )
    messages = table(
        ["DAY", "INVOICE", "LEVEL", "CHANNEL", "STATE", "ATTEMPTS", "FAILURE"],
        [
            [m.day, m.invoice_number, m.level, m.channel, m.state, m.attempts, m.failure_reason]
            for m in view.recent_messages
        ],
    )
    audit = table(
        ["AT", "ACTION", "SUBJECT", "BY"],
        [[a.at, a.action, a.subject, a.actor] for a in view.recent_audit],
    )
    return f"{head}\n\nRecent messages\n{messages}\n\nRecent changes\n{audit}"


def _client_rows(clients: Sequence[OAuthClientOut]) -> str:
    return table(
        ["ID", "CLIENT ID", "NAME", "SCOPES", "CONFIDENTIAL", "CREATED", "REVOKED"],
        [
            [c.id, c.client_id, c.name, c.scopes, c.confidential, c.created_at, c.revoked_at]
            for c in clients
        ],
    )


def _token_rows(tokens: Sequence[AdminTokenOut]) -> str:
    return table(
        ["ID", "NAME", "PREFIX", "CREATED", "LAST USED", "REVOKED"],
        [[t.id, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at] for t in tokens],
    )


def _tenants(client: AuthenticatedClient, text: str | None, plan: str | None) -> list[Any]:
    return _all(
        admin_list_tenants.sync,
        client,
        q=text if text is not None else UNSET,
        plan=Plan(plan) if plan else UNSET,
    )


Command = Callable[[AuthenticatedClient, argparse.Namespace], tuple[Any, str]]
"""The answer (for `--json`) and its text for a person."""


def tenants_list(client: AuthenticatedClient, args: argparse.Namespace) -> tuple[Any, str]:
    found = _tenants(client, None, args.plan)
    return found, _tenant_rows(found)


def tenants_search(client: AuthenticatedClient, args: argparse.Namespace) -> tuple[Any, str]:
    found = _tenants(client, args.text, args.plan)
    return found, _tenant_rows(found) if found else f"no tenant matches {args.text!r}"


def tenants_show(client: AuthenticatedClient, args: argparse.Namespace) -> tuple[Any, str]:
    view = _answer(admin_get_tenant.sync_detailed(args.tenant, client=client), TenantSupportOut)
    return view, _support(view)


def _key(args: argparse.Namespace) -> str | Unset:
    """The `Idempotency-Key` given with `--idempotency-key`: the same command run again with it
    (after a lost answer) answers what the first run got and creates nothing twice."""
    key: str | None = args.idempotency_key
    return UNSET if key is None else key


def tenants_create(client: AuthenticatedClient, args: argparse.Namespace) -> tuple[Any, str]:
    body = AdminTenantIn(
        name=args.name, email=args.email, plan=Plan(args.plan) if args.plan else UNSET
    )
    created = _answer(
        admin_create_tenant.sync_detailed(client=client, body=body, idempotency_key=_key(args)),
        CreatedTenantOut,
    )
    text = _tenant_rows([created.tenant])
    return created, f"{text}\n\nAPI key (shown only now): {created.api_key}"


def _change_plan(
    client: AuthenticatedClient, tenant: UUID, plan: Plan, custom_limit: int | None
) -> TenantSupportOut:
    body = PlanIn(plan=plan, custom_limit=custom_limit)
    answer: TenantSupportOut = _answer(
        admin_change_plan.sync_detailed(tenant, client=client, body=body), TenantSupportOut
    )
    return answer


def tenants_set_plan(client: AuthenticatedClient, args: argparse.Namespace) -> tuple[Any, str]:
    view = _change_plan(client, args.tenant, Plan(args.plan), args.custom_limit)
    return view, f"{view.name}: plan {view.plan.value}, limit {view.limit}"


def tenants_set_limit(client: AuthenticatedClient, args: argparse.Namespace) -> tuple[Any, str]:
    current = _answer(admin_get_tenant.sync_detailed(args.tenant, client=client), TenantSupportOut)
    custom = None if args.limit == "plan" else int(args.limit)
    view = _change_plan(client, args.tenant, current.plan, custom)
    kind = "the plan's own" if custom is None else "custom"
    return view, f"{view.name}: limit {view.limit} ({kind}), plan {view.plan.value}"


def clients_list(client: AuthenticatedClient, args: argparse.Namespace) -> tuple[Any, str]:
    del args
    found = _all(admin_list_oauth_clients.sync, client)
    return found, _client_rows(found)


def clients_register(client: AuthenticatedClient, args: argparse.Namespace) -> tuple[Any, str]:
    body = OAuthClientIn(
        name=args.name,
        redirect_uris=args.redirect_uri,
        scopes=[OAuthClientInScopesItem(s) for s in args.scope],
        confidential=args.confidential,
    )
    created = _answer(
        admin_register_oauth_client.sync_detailed(
            client=client, body=body, idempotency_key=_key(args)
        ),
        OAuthClientCreated,
    )
    text = _client_rows([created])
    if isinstance(created.client_secret, str):
        text += f"\n\nclient secret (shown only now): {created.client_secret}"
    return created, text


def clients_revoke(client: AuthenticatedClient, args: argparse.Namespace) -> tuple[Any, str]:
    _answer(admin_revoke_oauth_client.sync_detailed(args.client, client=client), None)
    return {"revoked": str(args.client)}, f"revoked {args.client}"


def tokens_list(client: AuthenticatedClient, args: argparse.Namespace) -> tuple[Any, str]:
    del args
    found = _all(admin_list_tokens.sync, client)
    return found, _token_rows(found)


def tokens_create(client: AuthenticatedClient, args: argparse.Namespace) -> tuple[Any, str]:
    body = AdminTokenIn(name=args.name)
    created = _answer(
        admin_create_token.sync_detailed(client=client, body=body, idempotency_key=_key(args)),
        AdminTokenCreated,
    )
    return created, f"{_token_rows([created])}\n\ntoken (shown only now): {created.token}"


def tokens_revoke(client: AuthenticatedClient, args: argparse.Namespace) -> tuple[Any, str]:
    _answer(admin_revoke_token.sync_detailed(args.token_id, client=client), None)
    return {"revoked": str(args.token_id)}, f"revoked {args.token_id}"


def _limit(value: str) -> str:
    if value == "plan" or (value.isdigit() and int(value) >= 1):
        return value
    raise argparse.ArgumentTypeError("a whole number of invoices (1 or more), or `plan`")


def _idempotency_key(value: str) -> str:
    if 1 <= len(value) <= 255 and value.isascii() and value.isprintable():
        return value
    raise argparse.ArgumentTypeError("1 to 255 printable ASCII characters, e.g. a UUID")


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print the answer as JSON")
    creating = argparse.ArgumentParser(add_help=False, parents=[common])
    creating.add_argument(
        "--idempotency-key",
        type=_idempotency_key,
        metavar="KEY",
        help="run again with the same key: the first answer again, nothing created twice",
    )
    root = argparse.ArgumentParser(
        prog="automahntion-admin",
        description="The internal admin's tool: tenants, OAuth clients and admin tokens of an "
        "automahntion server, through its /v1/admin API.",
    )
    root.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    root.add_argument(
        "--url", default=os.environ.get(URL_VARIABLE, DEFAULT_URL), help=f"${URL_VARIABLE}"
    )
    root.add_argument(
        "--token", default=os.environ.get(TOKEN_VARIABLE), help=f"an admin token; ${TOKEN_VARIABLE}"
    )
    groups = root.add_subparsers(
        dest="group", required=True, metavar="{tenants,oauth-clients,tokens}"
    )

    tenants = groups.add_parser("tenants", help="list, search, show, create; plans and limits")
    t = tenants.add_subparsers(dest="command", required=True)
    listed = t.add_parser("list", parents=[common], help="every tenant, oldest first")
    listed.add_argument("--plan", choices=PLANS)
    listed.set_defaults(run=tenants_list)
    search = t.add_parser("search", parents=[common], help="by a part of name or e-mail")
    search.add_argument("text")
    search.add_argument("--plan", choices=PLANS)
    search.set_defaults(run=tenants_search)
    show = t.add_parser("show", parents=[common], help="the support view of one tenant")
    show.add_argument("tenant", type=UUID)
    show.set_defaults(run=tenants_show)
    create = t.add_parser("create", parents=[creating], help="a tenant and its first API key")
    create.add_argument("--name", required=True)
    create.add_argument("--email", required=True)
    create.add_argument("--plan", choices=PLANS)
    create.set_defaults(run=tenants_create)
    plan = t.add_parser("set-plan", parents=[common], help="change the plan (at once)")
    plan.add_argument("tenant", type=UUID)
    plan.add_argument("plan", choices=PLANS)
    plan.add_argument("--custom-limit", type=int, help="instead of the plan's own limit")
    plan.set_defaults(run=tenants_set_plan)
    limit = t.add_parser("set-limit", parents=[common], help="a custom limit, or `plan`")
    limit.add_argument("tenant", type=UUID)
    limit.add_argument("limit", type=_limit, help="open invoices dunned at once, or `plan`")
    limit.set_defaults(run=tenants_set_limit)

    clients = groups.add_parser("oauth-clients", help="embedded widgets' OAuth clients")
    c = clients.add_subparsers(dest="command", required=True)
    c.add_parser("list", parents=[common], help="every client").set_defaults(run=clients_list)
    register = c.add_parser("register", parents=[creating], help="a new client")
    register.add_argument("--name", required=True)
    register.add_argument("--redirect-uri", action="append", required=True)
    register.add_argument("--scope", action="append", required=True, choices=SCOPES)
    register.add_argument("--confidential", action="store_true")
    register.set_defaults(run=clients_register)
    revoke = c.add_parser("revoke", parents=[common], help="its tokens stop working at once")
    revoke.add_argument("client", type=UUID)
    revoke.set_defaults(run=clients_revoke)

    tokens = groups.add_parser("tokens", help="admin tokens: list, create, revoke")
    k = tokens.add_subparsers(dest="command", required=True)
    k.add_parser("list", parents=[common], help="every token, never a secret").set_defaults(
        run=tokens_list
    )
    issue = k.add_parser("create", parents=[creating], help="a new token (shown once)")
    issue.add_argument("--name", required=True, help="who or what uses it, e.g. support-laptop")
    issue.set_defaults(run=tokens_create)
    withdraw = k.add_parser("revoke", parents=[common], help="refused from now on; not your own")
    withdraw.add_argument("token_id", type=UUID, metavar="token")
    withdraw.set_defaults(run=tokens_revoke)
    return root


def _fail(message: str, code: int) -> NoReturn:
    print(message, file=sys.stderr)
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None) -> None:
    args = parser().parse_args(argv)
    if not args.token:
        _fail(f"automahntion-admin: no admin token: --token or ${TOKEN_VARIABLE}", 2)
    run: Command = args.run
    with AuthenticatedClient(base_url=args.url, token=args.token) as client:
        try:
            answer, text = run(client, args)
        except Refused as refused:
            _fail(str(refused), 1)
    if args.json:
        _print_json(answer)
    else:
        print(text)
