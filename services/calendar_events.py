"""The end dates of purchased-service contracts on the calendar."""

from django.utils.translation import gettext as _

from wangcang.agenda import CalendarEvent

from .models import Contract


def contract_ends(user, first_day, last_day):
    contracts = Contract.objects.visible_to(user).filter(ends_on__range=(first_day, last_day))
    for contract in contracts.only("pk", "title", "ends_on"):
        yield CalendarEvent(
            kind="contract_end",
            title=_("Contract ends: %(title)s") % {"title": contract.title},
            starts_on=contract.ends_on,
            ends_on=contract.ends_on,
            url=contract.get_absolute_url(),
            uid=f"contract-end-{contract.pk}",
        )


EVENT_SOURCES = [contract_ends]
