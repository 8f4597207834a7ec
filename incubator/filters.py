import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from wangcang.forms import BootstrapFormMixin

from .models import Application, Batch, Residency, Site, Space, SupportEntry, Training


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


class SpaceFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name"), lookup_expr="icontains")
    site = django_filters.ModelChoiceFilter(label=_("Site"), queryset=Site.objects.all(), empty_label=_("All"))
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
    batch = django_filters.ModelChoiceFilter(label=_("Batch"), queryset=Batch.objects.all(), empty_label=_("All"))
    batch__year = django_filters.NumberFilter(label=_("Year"))
    pending = django_filters.ChoiceFilter(
        label=_("Pending decision"), choices=[("yes", _("Yes"))], empty_label=_("All"), method="filter_pending"
    )

    class Meta:
        form = FilterForm
        model = Application
        fields = ["organization", "status", "batch", "batch__year", "pending"]

    def filter_pending(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(status__in=Application.PENDING)
            if value
            else queryset.exclude(status__in=Application.PENDING)
        )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            # Organization users choose among the batches they applied to; staff and officials
            # among those of their area.
            user = request.user
            if user.is_org_user:
                applied = Application.objects.visible_to(user).values("batch")
                self.filters["batch"].queryset = Batch.objects.filter(pk__in=applied)
            else:
                self.filters["batch"].queryset = Batch.objects.visible_to(user)


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
