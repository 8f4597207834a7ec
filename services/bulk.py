"""Bulk actions on the delivery list (see wangcang.bulk): confirm."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wangcang.bulk import BulkAction, BulkList
from wangcang.permissions import has_role

from . import actions, queries
from .filters import DeliveryFilter


def _confirm(user, delivery, data) -> None:
    actions.delivery_confirm(user=user, delivery=delivery)


def _label(delivery) -> str:
    return f"{delivery.contract.title} · {delivery}"


BULK_LISTS = [
    BulkList(
        key="service-deliveries",
        title=_("Deliveries"),
        queryset=queries.deliveries_for,
        filterset_class=DeliveryFilter,
        list_url_name="services:delivery-list",
        actions=(
            BulkAction(
                key="confirm",
                label=_("Confirm"),
                perform=_confirm,
                allowed=lambda user: has_role(user, "staff"),
                help_text=_("A delivery is confirmed by another staff member than the one who recorded it."),
            ),
        ),
        label=_label,
    )
]
