"""The portal's form renderer writes selects in Python: the same markup as Django's templates."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from orgs.filters import OrganizationFilter
from orgs.models import Town
from wangcang.formrenderer import FormRenderer
from wangcang.models import Division


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "全部"), ("a", "甲 & <乙>"), (1, 2022), ('x"y', mark_safe("<b>x</b>"))])
    grouped = forms.ChoiceField(
        choices=[("", "—"), ("四川", [("510821", "旺苍县"), ("510822", "青川县")]), ("其他", [("9", "其它")])]
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    flagged = forms.ChoiceField(
        choices=[("a", "A")],
        widget=forms.Select(attrs={"class": "form-select", "required": True, "disabled": False, "data-x": '"q"'}),
    )


@pytest.mark.parametrize(
    "data", [{}, {"plain": "a", "grouped": "510822", "many": ["a", "c"], "flagged": "a"}, {"plain": 'x"y'}]
)
def test_selects_are_written_as_django_writes_them(data):
    form = Sample(data or None)
    for name in form.fields:
        field = form[name]
        ours = field.as_widget()
        form.renderer = DjangoTemplates()
        theirs = form[name].as_widget()
        form.renderer = FormRenderer()
        assert ours == theirs, name


@pytest.mark.django_db
def test_the_filter_bar_of_the_registry_is_written_as_django_writes_it(rf, staff_user):
    county = Division.objects.get(code="510821")
    Town.objects.bulk_create(Town(division=county, name=f"镇{index}") for index in range(30))
    request = rf.get("/orgs/", {"town": Town.objects.first().pk, "kind": "social_group"})
    request.user = staff_user
    form = OrganizationFilter(request.GET, queryset=None, request=request).form
    ours = str(form)
    form.renderer = DjangoTemplates()
    assert ours == str(form)
    assert ours.count("<option") > 30
