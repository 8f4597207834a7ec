import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import Organization
from wangcang.forms import bootstrap_widgets

from .models import Contract, DeliverableKind, Delivery, LegalAidCase

DATE = forms.DateInput(attrs={"type": "date"})


def _visible_contracts(request):
    return Contract.objects.visible_to(request.user).only("pk", "title") if request else Contract.objects.none()


def _visible_providers(request):
    if request is None:
        return Organization.objects.none()
    return Organization.objects.filter(service_contracts__in=Contract.objects.visible_to(request.user)).distinct()


class StyledFilterSet(django_filters.FilterSet):
    """Bootstrap classes on the filter bar's widgets."""

    @property
    def form(self):
        form = super().form
        bootstrap_widgets(form)
        return form


class ContractFilter(StyledFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title contains"))
    provider = django_filters.ModelChoiceFilter(queryset=_visible_providers, label=_("Provider"))
    category = django_filters.ChoiceFilter(choices=Contract.Category.choices, label=_("Category"))
    in_force_on = django_filters.DateFilter(method="filter_in_force", label=_("In force on"), widget=DATE)

    class Meta:
        model = Contract
        fields = ["q", "provider", "category", "in_force_on"]

    def filter_in_force(self, queryset, name, value):
        return queryset.in_force(value)


class DeliveryFilter(StyledFilterSet):
    contract = django_filters.ModelChoiceFilter(queryset=_visible_contracts, label=_("Contract"))
    kind = django_filters.ModelChoiceFilter(queryset=DeliverableKind.objects.all(), label=_("Deliverable kind"))
    status = django_filters.ChoiceFilter(choices=Delivery.Status.choices, label=_("Status"))
    delivered_from = django_filters.DateFilter(
        field_name="delivered_on", lookup_expr="gte", label=_("From"), widget=DATE
    )
    delivered_to = django_filters.DateFilter(field_name="delivered_on", lookup_expr="lte", label=_("To"), widget=DATE)

    class Meta:
        model = Delivery
        fields = ["contract", "kind", "status", "delivered_from", "delivered_to"]


class LegalAidCaseFilter(StyledFilterSet):
    contract = django_filters.ModelChoiceFilter(queryset=_visible_contracts, label=_("Contract"))
    kind = django_filters.ChoiceFilter(choices=LegalAidCase.Kind.choices, label=_("Kind"))
    outcome = django_filters.ChoiceFilter(choices=LegalAidCase.Outcome.choices, label=_("Outcome"))
    status = django_filters.ChoiceFilter(choices=LegalAidCase.Status.choices, label=_("Status"))

    class Meta:
        model = LegalAidCase
        fields = ["contract", "kind", "outcome", "status"]
