from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangcang.tables import FilterForm

from .models import Department, JointMeeting, TrackedIssue


def visible_departments(request):
    return Department.objects.visible_to(getattr(request, "user", None))


class JointMeetingFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="held_on", lookup_expr="year", label=_("year"))
    department = django_filters.ModelChoiceFilter(
        field_name="departments", queryset=visible_departments, label=_("department")
    )
    q = django_filters.CharFilter(method="search", label=_("search"))

    class Meta:
        model = JointMeeting
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset, name, value):
        return queryset.filter(minutes__icontains=value) | queryset.filter(place__icontains=value)


class TrackedIssueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("search"))
    status = django_filters.ChoiceFilter(choices=TrackedIssue.Status.choices, label=_("status"))
    owner_department = django_filters.ModelChoiceFilter(queryset=visible_departments, label=_("owner department"))
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

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(description__icontains=value) | Q(organization__name__icontains=value))

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset


class IssueBoardFilter(TrackedIssueFilter):
    status = django_filters.ChoiceFilter(
        choices=[(TrackedIssue.Status.OPEN, _("Open")), (TrackedIssue.Status.IN_PROGRESS, _("In progress"))],
        label=_("status"),
    )
