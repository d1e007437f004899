from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.billing_kind import BillingKind
from ..models.billing_status import BillingStatus
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.charge_line_out import ChargeLineOut
  from ..models.period_out import PeriodOut





T = TypeVar("T", bound="ChargeOut")



@_attrs_define
class ChargeOut:
    """ One of our charges to the tenant (an invoice of ours) and its payment, or a credit
    (a letter billed and then not sent: its price back, `credited`).

        Attributes:
            amount_cents (int): Net, EUR cents; negative for a credit (`letter_credit`).
            attempted_on (datetime.date | None):
            created_at (datetime.datetime):
            failure (None | str): Why the last debit failed, while the charge is `failed`.
            id (UUID):
            kind (BillingKind): What a charge is for: the letters sent by post in a month, the SMTP add-on, or the
                    subscription; or a credit for a letter billed and then not sent.
            lines (list[ChargeLineOut]):
            period (None | PeriodOut):
            status (BillingStatus): Where a charge stands: not yet due, open, paid, failed (the debit bounced) or void; a
                    credit: pending, or credited.
     """

    amount_cents: int
    attempted_on: datetime.date | None
    created_at: datetime.datetime
    failure: None | str
    id: UUID
    kind: BillingKind
    lines: list[ChargeLineOut]
    period: None | PeriodOut
    status: BillingStatus





    def to_dict(self) -> dict[str, Any]:
        from ..models.charge_line_out import ChargeLineOut # noqa: PLC0415
        from ..models.period_out import PeriodOut # noqa: PLC0415
        amount_cents = self.amount_cents

        attempted_on: None | str
        if isinstance(self.attempted_on, datetime.date):
            attempted_on = self.attempted_on.isoformat()
        else:
            attempted_on = self.attempted_on

        created_at = self.created_at.isoformat()

        failure: None | str
        failure = self.failure

        id = str(self.id)

        kind = self.kind.value

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)



        period: dict[str, Any] | None
        if isinstance(self.period, PeriodOut):
            period = self.period.to_dict()
        else:
            period = self.period

        status = self.status.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amountCents": amount_cents,
            "attemptedOn": attempted_on,
            "createdAt": created_at,
            "failure": failure,
            "id": id,
            "kind": kind,
            "lines": lines,
            "period": period,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.charge_line_out import ChargeLineOut # noqa: PLC0415
        from ..models.period_out import PeriodOut # noqa: PLC0415
        d = dict(src_dict)
        amount_cents = d.pop("amountCents")

        def _parse_attempted_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                attempted_on_type_0 = datetime.date.fromisoformat(data)



                return attempted_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        attempted_on = _parse_attempted_on(d.pop("attemptedOn"))


        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        def _parse_failure(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        failure = _parse_failure(d.pop("failure"))


        id = UUID(d.pop("id"))




        kind = BillingKind(d.pop("kind"))




        lines = []
        _lines = d.pop("lines")
        for lines_item_data in (_lines):
            lines_item = ChargeLineOut.from_dict(lines_item_data)



            lines.append(lines_item)


        def _parse_period(data: object) -> None | PeriodOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                period_type_0 = PeriodOut.from_dict(data)



                return period_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PeriodOut, data)

        period = _parse_period(d.pop("period"))


        status = BillingStatus(d.pop("status"))




        charge_out = cls(
            amount_cents=amount_cents,
            attempted_on=attempted_on,
            created_at=created_at,
            failure=failure,
            id=id,
            kind=kind,
            lines=lines,
            period=period,
            status=status,
        )

        return charge_out

