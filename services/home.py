"""Purchased services on the home page: deliveries the staff have still to confirm."""

from django.utils.translation import gettext_lazy as _

from wangcang.home import WorkCount, list_url

from . import queries
from .models import Delivery


def deliveries(user, today) -> list:
    if not user.is_union_staff:
        return []
    count = queries.deliveries_for(user).filter(status=Delivery.Status.UNCONFIRMED).count()
    return [
        WorkCount(
            "deliveries-to-confirm",
            _("Deliveries to confirm"),
            count,
            list_url("services:delivery-list", status=Delivery.Status.UNCONFIRMED),
            order=40,
        )
    ]


HOME_SECTIONS = [deliveries]
