"""What the navigation's search box finds among purchased services (see wangcang.search)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wangcang.search import Hit, search_kind, text_q

from .models import Contract


def find_contracts(user, words: str):
    return Contract.objects.visible_to(user).filter(text_q(words, "title")).select_related("provider")


def contract_hit(contract: Contract) -> Hit:
    return Hit(
        title=contract.title,
        url=contract.get_absolute_url(),
        detail=f"{contract.provider.name} · {contract.starts_on:%Y-%m-%d} – {contract.ends_on:%Y-%m-%d}",
    )


SEARCH_KINDS = [
    search_kind(
        "contracts",
        _("Service contracts"),
        "staff",
        "official",
        "org",
        find=find_contracts,
        hit=contract_hit,
        list_url=lambda words: f"{reverse('services:contract-list')}?{urlencode({'q': words})}",
        rank="title",
        order=40,
    ),
]
