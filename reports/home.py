"""The key figures on the home page of staff and officials: the dashboard's headline
figures, from the same catalogue, scope and default period as the dashboard."""

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from wangcang import catalogue
from wangcang.home import Panel

from . import queries


def key_figures(user, today) -> list:
    if not (user.is_union_staff or user.is_official):
        return []
    try:
        scope = queries.scope_for(user, division=None, period=queries.period_from_params({}))
    except Http404:
        return []  # no division to show (a user not yet given one)
    figures = queries.figures(scope)
    query = urlencode({"division": scope.division.code, **queries.period_params(scope.period)})
    return [
        Panel(
            "key-figures",
            "reports/home/key_figures.html",
            {
                "scope": scope,
                "headlines": figures.headlines(),
                "pillars": catalogue.PILLARS,
                "dashboard_url": f"{reverse('reports:dashboard')}?{query}",
            },
            order=50,
        )
    ]


HOME_SECTIONS = [key_figures]
