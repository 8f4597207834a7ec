"""Pages of mentoring and training: 1+1+1 teams, sessions, mentors, trainings and sign-ins, exchange visits."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from wangcang.formviews import PostToActionMixin, RecordActionView
from wangcang.permissions import AnyRoleMixin, StaffOrOfficialMixin, StaffRequiredMixin, has_role
from wangcang.scoping import get_visible_or_404
from wangcang.views import FilteredListView
from wangcang.xlsx import Sheet, xlsx_response

from .. import actions, forms, queries
from ..filters import TrainingFilter
from ..models import Training
from ..sign_in import read_sheet
from .base import IncubatorFormView
from .residencies import ResidencyObjectMixin


class TeamMemberView(StaffRequiredMixin, ResidencyObjectMixin, IncubatorFormView):
    form_class = forms.TeamMemberForm
    title = _("1+1+1 team member")

    def perform(self, form):
        return actions.team_member_set(user=self.request.user, residency=self.residency, **form.cleaned_data)


class MentoringSessionView(StaffRequiredMixin, ResidencyObjectMixin, IncubatorFormView):
    form_class = forms.MentoringSessionForm
    title = _("Record a mentoring session")

    def perform(self, form):
        return actions.mentoring_session_record(user=self.request.user, residency=self.residency, **form.cleaned_data)


class MentorListView(StaffOrOfficialMixin, TemplateView):
    template_name = "incubator/mentor_list.html"

    def get_context_data(self, **kwargs):
        from ..models import TeamRole

        context = super().get_context_data(**kwargs)
        context["mentors"] = queries.mentors_for(self.request.user)
        context["roles"] = TeamRole.objects.all()
        return context


class MentorCreateView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.MentorForm
    title = _("New mentor or expert")

    def perform(self, form):
        return actions.mentor_create(user=self.request.user, **form.cleaned_data)

    def success_url_for(self, result) -> str:
        return reverse("incubator:mentor-list")


class TrainingListView(AnyRoleMixin, FilteredListView):
    template_name = "incubator/training_list.html"
    filterset_class = TrainingFilter
    sort_fields = {"held": "held_on", "title": "title", "trainees": "trainee_count"}
    default_sort = "-held"
    export_filename = "incubator-trainings.xlsx"

    def get_base_queryset(self):
        return queries.trainings_for(self.request.user)

    def export_sheet(self, queryset) -> Sheet:
        return Sheet(
            title=str(_("Trainings")),
            headers=[_("Date"), _("Title"), _("Hours"), _("Trainer"), _("Place"), _("Trainee attendances")],
            rows=((t.held_on, t.title, t.hours, t.trainer, t.place, t.trainee_count) for t in queryset),
        )


class TrainingCreateView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.TrainingForm
    title = _("New training session")

    def perform(self, form):
        return actions.training_create(user=self.request.user, **form.cleaned_data)


class TrainingDetailView(AnyRoleMixin, PostToActionMixin, TemplateView):
    template_name = "incubator/training_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.training = get_visible_or_404(queries.trainings_for(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def may_post(self) -> bool:
        return has_role(self.request.user, "staff")

    def refused_post_url(self) -> str:
        return self.training.get_absolute_url()

    def post_view(self):
        """Sign one person in, or import a sign-in sheet (named by the button posted)."""
        return TrainingSheetImportView if "import" in self.request.POST else TrainingSignInView

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["training"] = self.training
        context["attendances"] = queries.attendances_for(user, self.training)
        context["is_staff"] = has_role(user, "staff")
        if has_role(user, "staff"):
            context.setdefault("sign_in_form", forms.AttendanceForm(user=user))
            context.setdefault("sheet_form", forms.SignInSheetForm())
        return context


class TrainingFormActionView(StaffRequiredMixin, RecordActionView):
    """A form on a training's page, written once; a refusal shows the form there with its errors."""

    form_name = ""

    def get_object(self):
        return get_visible_or_404(queries.trainings_for(self.request.user), pk=self.kwargs["pk"])

    def refuse(self, record, error):
        page = TrainingDetailView(request=self.request, kwargs=self.kwargs)
        page.training = record
        return page.render_to_response(page.get_context_data(**{self.form_name: self.form}))


class TrainingSignInView(TrainingFormActionView):
    form_class = forms.AttendanceForm
    form_name = "sign_in_form"
    success_message = _("Signed in.")

    def form_kwargs(self) -> dict:
        return {"user": self.request.user}

    def perform(self, record):
        return actions.attendance_sign_in(user=self.request.user, training=record, **self.form.cleaned_data)


class TrainingSheetImportView(TrainingFormActionView):
    form_class = forms.SignInSheetForm
    form_name = "sheet_form"

    def perform(self, record):
        return actions.attendance_import(
            user=self.request.user, training=record, rows=read_sheet(self.form.cleaned_data["sheet"])
        )

    def get_success_message(self, record, result) -> str:
        return _("%(count)d sign-ins imported.") % {"count": result}


class SignInTemplateView(StaffRequiredMixin, View):
    """An empty sign-in sheet with the columns the import reads."""

    def get(self, request, pk):
        training = get_visible_or_404(Training.objects.visible_to(request.user), pk=pk)
        return xlsx_response(
            f"sign-in-{training.pk}.xlsx",
            [Sheet(title="签到表", headers=["姓名", "单位", "电话"], rows=[], widths=(16, 32, 18))],
        )


class VisitListView(AnyRoleMixin, TemplateView):
    template_name = "incubator/visit_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["visits"] = queries.visits_for(self.request.user)
        context["is_staff"] = has_role(self.request.user, "staff")
        return context


class VisitCreateView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.ExchangeVisitForm
    title = _("New exchange visit")

    def perform(self, form):
        return actions.exchange_visit_create(user=self.request.user, **form.cleaned_data)

    def success_url_for(self, result) -> str:
        return reverse("incubator:visit-list")
