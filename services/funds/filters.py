from __future__ import annotations

import django_filters
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wangcang.tables import DATE_INPUT, FilterForm

from .models import Fund, FundTransaction, MatchingGrant


class LedgerFilter(django_filters.FilterSet):
    fund = django_filters.ModelChoiceFilter(queryset=Fund.objects.all(), label=capfirst(_("fund")))
    kind = django_filters.ChoiceFilter(field_name="fund__kind", choices=Fund.Kind.choices, label=capfirst(_("kind")))
    direction = django_filters.ChoiceFilter(choices=FundTransaction.Direction.choices, label=capfirst(_("direction")))
    start = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="gte", label=capfirst(_("from")), widget=DATE_INPUT
    )
    end = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="lte", label=capfirst(_("to")), widget=DATE_INPUT
    )
    organization = django_filters.CharFilter(
        field_name="beneficiary_organization__name",
        lookup_expr="icontains",
        label=capfirst(_("beneficiary organization")),
    )

    class Meta:
        model = FundTransaction
        fields: list[str] = []
        form = FilterForm

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["fund"].queryset = Fund.objects.visible_to(request.user)


class MatchingGrantFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=MatchingGrant.Status.choices, label=capfirst(_("status")))
    year = django_filters.NumberFilter(field_name="period_start", lookup_expr="year", label=capfirst(_("year")))
    organization = django_filters.CharFilter(
        field_name="organization__name", lookup_expr="icontains", label=capfirst(_("organization"))
    )

    class Meta:
        model = MatchingGrant
        fields: list[str] = []
        form = FilterForm


class BeneficiaryFilter(django_filters.FilterSet):
    class Meta:
        form = FilterForm

    year = django_filters.NumberFilter(
        field_name="transaction__occurred_on", lookup_expr="year", label=capfirst(_("year"))
    )
    fund = django_filters.ModelChoiceFilter(
        field_name="transaction__fund", queryset=Fund.objects.all(), label=capfirst(_("fund"))
    )
