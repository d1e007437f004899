from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.letter_kind import LetterKind
from ..models.letter_state import LetterState
from ..models.level import Level
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="LetterStatusChangedData")



@_attrs_define
class LetterStatusChangedData:
    """ A letter by post moved on; a state only moves forward.

        Attributes:
            invoice_id (UUID):
            kind (LetterKind):
            letter_id (str): The postal provider's id of the letter.
            level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
                    (Mahnungen) M1–M3.
            previous_state (LetterState): Where a letter by post is: handed to the postal service, held until the sender
                acts,
                    printing, sent, delivered, undeliverable, failed, or cancelled; or unknown (taken without
                    the provider's answer).
            provider_status (str): The provider's own word for the status.
            reason (None | str): The provider's words, e.g. the action a held letter needs.
            reported_at (datetime.datetime): The provider's time of the change (the event's `occurredAt` is ours).
            state (LetterState): Where a letter by post is: handed to the postal service, held until the sender acts,
                    printing, sent, delivered, undeliverable, failed, or cancelled; or unknown (taken without
                    the provider's answer).
            tracking_code (None | str):
     """

    invoice_id: UUID
    kind: LetterKind
    letter_id: str
    level: Level
    previous_state: LetterState
    provider_status: str
    reason: None | str
    reported_at: datetime.datetime
    state: LetterState
    tracking_code: None | str





    def to_dict(self) -> dict[str, Any]:
        invoice_id = str(self.invoice_id)

        kind = self.kind.value

        letter_id = self.letter_id

        level = self.level.value

        previous_state = self.previous_state.value

        provider_status = self.provider_status

        reason: None | str
        reason = self.reason

        reported_at = self.reported_at.isoformat()

        state = self.state.value

        tracking_code: None | str
        tracking_code = self.tracking_code


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "invoiceId": invoice_id,
            "kind": kind,
            "letterId": letter_id,
            "level": level,
            "previousState": previous_state,
            "providerStatus": provider_status,
            "reason": reason,
            "reportedAt": reported_at,
            "state": state,
            "trackingCode": tracking_code,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        invoice_id = UUID(d.pop("invoiceId"))




        kind = LetterKind(d.pop("kind"))




        letter_id = d.pop("letterId")

        level = Level(d.pop("level"))




        previous_state = LetterState(d.pop("previousState"))




        provider_status = d.pop("providerStatus")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))


        reported_at = datetime.datetime.fromisoformat(d.pop("reportedAt"))




        state = LetterState(d.pop("state"))




        def _parse_tracking_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tracking_code = _parse_tracking_code(d.pop("trackingCode"))


        letter_status_changed_data = cls(
            invoice_id=invoice_id,
            kind=kind,
            letter_id=letter_id,
            level=level,
            previous_state=previous_state,
            provider_status=provider_status,
            reason=reason,
            reported_at=reported_at,
            state=state,
            tracking_code=tracking_code,
        )

        return letter_status_changed_data

