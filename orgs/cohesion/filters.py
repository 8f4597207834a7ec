from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangcang.tables import FilterForm

from .models import Department, JointMeeting, TrackedIssue


class JointMeetingFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="held_on", lookup_expr="year", label=_("year"))
    department = django_filters.ModelChoiceFilter(
        field_name="departments", queryset=Department.objects.all(), label=_("department")
    )
    q = django_filters.CharFilter(method="search", label=_("search"))

    class Meta:
        model = JointMeeting
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset, name, value):
        return queryset.filter(minutes__icontains=value) | queryset.filter(place__icontains=value)


class TrackedIssueFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TrackedIssue.Status.choices, label=_("status"))
    owner_department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("owner department"))
    organization = django_filters.CharFilter(
        field_name="organization__name", lookup_expr="icontains", label=_("organization")
    )
    year = django_filters.NumberFilter(field_name="raised_on", lookup_expr="year", label=_("year raised"))
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", _("Yes"))], empty_label=_("All"), method="filter_overdue", label=_("overdue")
    )

    class Meta:
        model = TrackedIssue
        fields: list[str] = []
        form = FilterForm

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset


class IssueBoardFilter(TrackedIssueFilter):
    status = django_filters.ChoiceFilter(
        choices=[(TrackedIssue.Status.OPEN, _("Open")), (TrackedIssue.Status.IN_PROGRESS, _("In progress"))],
        label=_("status"),
    )
