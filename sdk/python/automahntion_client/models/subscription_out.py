from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.billing_cycle import BillingCycle
from ..models.plan import Plan
from ..models.subscription_state import SubscriptionState
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.admission_out import AdmissionOut
  from ..models.limits_out import LimitsOut
  from ..models.mandate_out import MandateOut





T = TypeVar("T", bound="SubscriptionOut")



@_attrs_define
class SubscriptionOut:
    """ The tenant's subscription.

        Attributes:
            billing_email (str):
            current_period_end (datetime.date | None):
            cycle (BillingCycle): How often the subscription is paid: monthly or yearly.
            in_trial (bool):
            limits (LimitsOut): What the plan admits.
            loyalty_plan (None | Plan):
            mandate (MandateOut | None):
            pending_cycle (BillingCycle | None):
            pending_plan (None | Plan):
            plan (Plan): The subscription plan; it sets the monthly quota of invoices.
            smtp_addon (bool):
            smtp_addon_bought_at (datetime.datetime | None):
            status (SubscriptionState): The subscription's state at the payment provider.
            trial_ends_on (datetime.date | None): The first day after the trial; nothing is invoiced before it.
            admission (AdmissionOut | None | Unset): After a change that took effect at once: invoices admitted and waiting
                now.
     """

    billing_email: str
    current_period_end: datetime.date | None
    cycle: BillingCycle
    in_trial: bool
    limits: LimitsOut
    loyalty_plan: None | Plan
    mandate: MandateOut | None
    pending_cycle: BillingCycle | None
    pending_plan: None | Plan
    plan: Plan
    smtp_addon: bool
    smtp_addon_bought_at: datetime.datetime | None
    status: SubscriptionState
    trial_ends_on: datetime.date | None
    admission: AdmissionOut | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.admission_out import AdmissionOut # noqa: PLC0415
        from ..models.limits_out import LimitsOut # noqa: PLC0415
        from ..models.mandate_out import MandateOut # noqa: PLC0415
        billing_email = self.billing_email

        current_period_end: None | str
        if isinstance(self.current_period_end, datetime.date):
            current_period_end = self.current_period_end.isoformat()
        else:
            current_period_end = self.current_period_end

        cycle = self.cycle.value

        in_trial = self.in_trial

        limits = self.limits.to_dict()

        loyalty_plan: None | str
        if isinstance(self.loyalty_plan, Plan):
            loyalty_plan = self.loyalty_plan.value
        else:
            loyalty_plan = self.loyalty_plan

        mandate: dict[str, Any] | None
        if isinstance(self.mandate, MandateOut):
            mandate = self.mandate.to_dict()
        else:
            mandate = self.mandate

        pending_cycle: None | str
        if isinstance(self.pending_cycle, BillingCycle):
            pending_cycle = self.pending_cycle.value
        else:
            pending_cycle = self.pending_cycle

        pending_plan: None | str
        if isinstance(self.pending_plan, Plan):
            pending_plan = self.pending_plan.value
        else:
            pending_plan = self.pending_plan

        plan = self.plan.value

        smtp_addon = self.smtp_addon

        smtp_addon_bought_at: None | str
        if isinstance(self.smtp_addon_bought_at, datetime.datetime):
            smtp_addon_bought_at = self.smtp_addon_bought_at.isoformat()
        else:
            smtp_addon_bought_at = self.smtp_addon_bought_at

        status = self.status.value

        trial_ends_on: None | str
        if isinstance(self.trial_ends_on, datetime.date):
            trial_ends_on = self.trial_ends_on.isoformat()
        else:
            trial_ends_on = self.trial_ends_on

        admission: dict[str, Any] | None | Unset
        if isinstance(self.admission, Unset):
            admission = UNSET
        elif isinstance(self.admission, AdmissionOut):
            admission = self.admission.to_dict()
        else:
            admission = self.admission


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "billingEmail": billing_email,
            "currentPeriodEnd": current_period_end,
            "cycle": cycle,
            "inTrial": in_trial,
            "limits": limits,
            "loyaltyPlan": loyalty_plan,
            "mandate": mandate,
            "pendingCycle": pending_cycle,
            "pendingPlan": pending_plan,
            "plan": plan,
            "smtpAddon": smtp_addon,
            "smtpAddonBoughtAt": smtp_addon_bought_at,
            "status": status,
            "trialEndsOn": trial_ends_on,
        })
        if admission is not UNSET:
            field_dict["admission"] = admission

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admission_out import AdmissionOut # noqa: PLC0415
        from ..models.limits_out import LimitsOut # noqa: PLC0415
        from ..models.mandate_out import MandateOut # noqa: PLC0415
        d = dict(src_dict)
        billing_email = d.pop("billingEmail")

        def _parse_current_period_end(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_period_end_type_0 = datetime.date.fromisoformat(data)



                return current_period_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        current_period_end = _parse_current_period_end(d.pop("currentPeriodEnd"))


        cycle = BillingCycle(d.pop("cycle"))




        in_trial = d.pop("inTrial")

        limits = LimitsOut.from_dict(d.pop("limits"))




        def _parse_loyalty_plan(data: object) -> None | Plan:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                loyalty_plan_type_0 = Plan(data)



                return loyalty_plan_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Plan, data)

        loyalty_plan = _parse_loyalty_plan(d.pop("loyaltyPlan"))


        def _parse_mandate(data: object) -> MandateOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                mandate_type_0 = MandateOut.from_dict(data)



                return mandate_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MandateOut | None, data)

        mandate = _parse_mandate(d.pop("mandate"))


        def _parse_pending_cycle(data: object) -> BillingCycle | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pending_cycle_type_0 = BillingCycle(data)



                return pending_cycle_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BillingCycle | None, data)

        pending_cycle = _parse_pending_cycle(d.pop("pendingCycle"))


        def _parse_pending_plan(data: object) -> None | Plan:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pending_plan_type_0 = Plan(data)



                return pending_plan_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Plan, data)

        pending_plan = _parse_pending_plan(d.pop("pendingPlan"))


        plan = Plan(d.pop("plan"))




        smtp_addon = d.pop("smtpAddon")

        def _parse_smtp_addon_bought_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                smtp_addon_bought_at_type_0 = datetime.datetime.fromisoformat(data)



                return smtp_addon_bought_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        smtp_addon_bought_at = _parse_smtp_addon_bought_at(d.pop("smtpAddonBoughtAt"))


        status = SubscriptionState(d.pop("status"))




        def _parse_trial_ends_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trial_ends_on_type_0 = datetime.date.fromisoformat(data)



                return trial_ends_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        trial_ends_on = _parse_trial_ends_on(d.pop("trialEndsOn"))


        def _parse_admission(data: object) -> AdmissionOut | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                admission_type_0 = AdmissionOut.from_dict(data)



                return admission_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AdmissionOut | None | Unset, data)

        admission = _parse_admission(d.pop("admission", UNSET))


        subscription_out = cls(
            billing_email=billing_email,
            current_period_end=current_period_end,
            cycle=cycle,
            in_trial=in_trial,
            limits=limits,
            loyalty_plan=loyalty_plan,
            mandate=mandate,
            pending_cycle=pending_cycle,
            pending_plan=pending_plan,
            plan=plan,
            smtp_addon=smtp_addon,
            smtp_addon_bought_at=smtp_addon_bought_at,
            status=status,
            trial_ends_on=trial_ends_on,
            admission=admission,
        )

        return subscription_out

