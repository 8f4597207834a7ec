import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from wangcang.forms import BootstrapFormMixin

from .models import Application, Residency, Site, Space, SupportEntry, Training


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


class SpaceFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name"), lookup_expr="icontains")
    site = django_filters.ModelChoiceFilter(label=_("Site"), queryset=Site.objects.all())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Space.Kind.choices, empty_label=_("All"))

    class Meta:
        form = FilterForm
        model = Space
        fields = ["name", "site", "kind"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters["site"].queryset = Site.objects.visible_to(request.user)


class ApplicationFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(
        label=_("Organization"), field_name="organization__name", lookup_expr="icontains"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Application.Status.choices, empty_label=_("All"))
    batch__year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        form = FilterForm
        model = Application
        fields = ["organization", "status", "batch__year"]


class ResidencyFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(
        label=_("Organization"), field_name="organization__name", lookup_expr="icontains"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Residency.Status.choices, empty_label=_("All"))

    class Meta:
        form = FilterForm
        model = Residency
        fields = ["organization", "status"]


class TrainingFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(label=_("Title"), lookup_expr="icontains")
    year = django_filters.NumberFilter(label=_("Year"), field_name="held_on", lookup_expr="year")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Training.Kind.choices, empty_label=_("All"))

    class Meta:
        form = FilterForm
        model = Training
        fields = ["title", "year", "kind"]


class SupportEntryFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(
        label=_("Organization"), field_name="organization__name", lookup_expr="icontains"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SupportEntry.Kind.choices, empty_label=_("All"))
    year = django_filters.NumberFilter(label=_("Year"), field_name="value_date", lookup_expr="year")

    class Meta:
        form = FilterForm
        model = SupportEntry
        fields = ["organization", "kind", "year"]
