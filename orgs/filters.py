"""Filter bars of the registry's list pages (and the API's query parameters)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wangcang.models import division_prefix
from wangcang.searchselect import use_search_widget

from . import queries
from .models import Member, Organization, Town, UnionBranch

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
UNION_STATUS = [
    ("own", _("Own union (point)")),
    ("industry", _("Industry union (line)")),
    ("area", _("Community union (area)")),
    ("any", _("In a union")),
    ("none", _("In no union")),
]


def _towns(request):
    if request is None:
        return Town.objects.none()
    user = request.user
    if user.is_superuser or not getattr(user, "division_id", None):
        return Town.objects.all() if user.is_superuser else Town.objects.none()
    return Town.objects.filter(division__code__startswith=division_prefix(user.division_id))


def _wider_than_a_county(request) -> bool:
    """The user sees the towns of more than one county: a city, the province, a superuser."""
    if request is None:
        return False
    user = request.user
    code = getattr(user, "division_id", None)
    return user.is_superuser or (code is not None and len(division_prefix(code)) < len("510821"))


def _branches(request):
    if request is None:
        return UnionBranch.objects.none()
    return UnionBranch.objects.visible_to(request.user).order_by("level", "name")


def _yes_no(queryset, field: str, value: str):
    if value == "yes":
        return queryset.filter(**{field: True})
    if value == "no":
        return queryset.filter(**{field: False})
    return queryset


class StyledFilterSet(django_filters.FilterSet):
    """Bootstrap classes on the filter bar's widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            css = "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
            widget.attrs["class"] = css


class OrganizationFilter(StyledFilterSet):
    """Works on ``queries.organizations_for`` (annotated) and on the list page's plain rows
    (``organization_rows_for``): filtering by union status annotates them first."""

    q = django_filters.CharFilter(label=_("Name or code"), method="search")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Organization.Kind.choices)
    town = django_filters.ModelChoiceFilter(label=_("town or community"), queryset=_towns)
    industry = django_filters.ChoiceFilter(label=_("industry or field"), choices=Organization.Industry.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Organization.Status.choices)
    union_status = django_filters.ChoiceFilter(label=_("Union status"), choices=UNION_STATUS, method="by_union")
    party = django_filters.ChoiceFilter(label=_("Party organization"), choices=YES_NO, method="by_party")
    co_construction = django_filters.ChoiceFilter(
        label=_("Party–union co-construction"), choices=YES_NO, method="by_co_construction"
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "town", "industry", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if _wider_than_a_county(self.request):
            # Every town of a city or the province: a search field, not a list of hundreds.
            use_search_widget(self.form.fields["town"], force=True)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(uscc__icontains=value.upper()))

    def by_union(self, queryset, name, value):
        queryset = _with_union_status(queryset)
        field = {"own": "own_union", "industry": "industry_union", "area": "area_union", "any": "in_union"}.get(value)
        if field:
            return queryset.filter(**{field: True})
        if value == "none":
            return queryset.filter(in_union=False)
        return queryset

    def by_party(self, queryset, name, value):
        return _yes_no(queryset, "has_party_org", value)

    def by_co_construction(self, queryset, name, value):
        return _yes_no(_with_union_status(queryset), "co_construction", value)


def _with_union_status(queryset):
    # The list page's rows come without the status; filtering by it needs it on every row.
    if "in_union" in queryset.query.annotations:
        return queryset
    return queries.with_union_status(queryset)


class MemberFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Name or last four digits of the ID number"), method="search")
    join_path = django_filters.ChoiceFilter(label=_("join path"), choices=Member.JoinPath.choices)
    branch = django_filters.ModelChoiceFilter(label=_("union branch"), queryset=_branches)
    organization = django_filters.NumberFilter(
        label=_("organization"), field_name="organization", widget=forms.HiddenInput
    )
    current = django_filters.ChoiceFilter(label=_("Current member"), choices=YES_NO, method="by_current")

    class Meta:
        model = Member
        fields = ["q", "join_path", "branch", "organization"]

    def search(self, queryset, name, value):
        from .search import ID_LAST_FOUR, members_matching

        value = value.strip()
        if ID_LAST_FOUR.match(value):
            return members_matching(queryset, value)
        return queryset.filter(name__icontains=value) if value else queryset

    def by_current(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(left_on__isnull=True)
        if value == "no":
            return queryset.filter(left_on__isnull=False)
        return queryset


class BranchFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")
    level = django_filters.ChoiceFilter(label=_("level"), choices=UnionBranch.Level.choices)
    parent = django_filters.NumberFilter(label=_("parent branch"), field_name="parent")

    class Meta:
        model = UnionBranch
        fields = ["q", "level", "parent"]
