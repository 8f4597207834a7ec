import datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from wangcang.personal import mask_name
from wangcang.wording import yuan

register = template.Library()


@register.filter
def masked_name(value) -> str:
    """The name of an aided worker, as shown beyond staff: ``张三丰`` → ``张**``."""
    return mask_name(value)


# The portal's one money filter, also under this library for the services templates.
register.filter("yuan", yuan)


@register.filter
def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@register.filter
def cell(value):
    """A table cell for the page: amounts grouped by thousands, dates as 2023-03-15."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return yuan(value)
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
