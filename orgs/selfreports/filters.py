from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import Organization, ReportingRound, SelfReport, Town

from .queries import state_q

STATE_CHOICES = [
    ("not_started", _("Not started")),
    ("draft", _("Draft")),
    ("submitted", _("Submitted, waiting for review")),
    ("returned", _("Returned")),
    ("accepted", _("Accepted")),
    ("overdue", _("Overdue")),
]


def _towns(request):
    if request is None or request.user.is_anonymous:
        return Town.objects.none()
    return Town.objects.filter(organizations__in=Organization.objects.visible_to(request.user)).distinct()


class _StyledFilterSet(django_filters.FilterSet):
    """Bootstrap's classes on the filter bar's widgets."""

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                css = (
                    "form-select form-select-sm"
                    if isinstance(field.widget, forms.Select)
                    else "form-control form-control-sm"
                )
                field.widget.attrs["class"] = css
            form._styled = True
        return form


class RoundReportFilter(_StyledFilterSet):
    """Filters of a round's overview: the state lists, town and industry."""

    state = django_filters.ChoiceFilter(label=_("state"), choices=STATE_CHOICES, method="filter_state")
    town = django_filters.ModelChoiceFilter(
        label=_("town or community"), field_name="organization__town", queryset=_towns
    )
    industry = django_filters.ChoiceFilter(
        label=_("industry or field"), field_name="organization__industry", choices=Organization.Industry.choices
    )
    name = django_filters.CharFilter(label=_("organization"), field_name="organization__name", lookup_expr="icontains")

    class Meta:
        model = SelfReport
        fields = ["state", "town", "industry", "name"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(state_q(value, timezone.localdate())) if value else queryset


class SelfReportFilter(RoundReportFilter):
    round = django_filters.ModelChoiceFilter(
        label=_("reporting round"),
        queryset=lambda request: (
            ReportingRound.objects.visible_to(request.user) if request else ReportingRound.objects.none()
        ),
    )

    class Meta:
        model = SelfReport
        fields = ["round", "state", "town", "industry", "name"]


class SelfReportApiFilter(django_filters.FilterSet):
    class Meta:
        model = SelfReport
        fields = ["round", "status", "organization"]
