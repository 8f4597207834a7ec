"""Pages of the incubation base: thin views that pick records through ``visible_to`` and
call the actions."""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from wangcang.formviews import ActionFormView, RecordActionView
from wangcang.permissions import AnyRoleMixin, StaffOrOfficialMixin, StaffRequiredMixin
from wangcang.scoping import get_visible_or_404
from wangcang.uploads import serve_private_file
from wangcang.views import FilteredListView
from wangcang.wording import yuan
from wangcang.xlsx import Sheet, xlsx_response

from . import actions, forms, queries
from .filters import ApplicationFilter, ResidencyFilter, SpaceFilter, SupportEntryFilter, TrainingFilter
from .models import Application, Batch, Residency, Review, Site, SupportEntry, Training
from .permissions import can_decide_application, can_edit_application, can_score_review, is_staff
from .sign_in import read_sheet

# --- Shared pieces ----------------------------------------------------------------------------------


class IncubatorFormView(ActionFormView):
    """A form page of the incubation base: the base's layout, back to the dashboard."""

    template_name = "incubator/form.html"

    def default_back_url(self) -> str:
        user = self.request.user
        return reverse("incubator:mine" if getattr(user, "is_org_user", False) else "incubator:dashboard")


# --- Dashboard, spaces, occupancy -----------------------------------------------------------------


class DashboardView(AnyRoleMixin, TemplateView):
    template_name = "incubator/dashboard.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_org_user:
            return redirect("incubator:mine")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(queries.dashboard_for(self.request.user))
        return context


class SpaceListView(StaffOrOfficialMixin, FilteredListView):
    template_name = "incubator/space_list.html"
    filterset_class = SpaceFilter
    sort_fields = {"name": "name", "area": "area_m2", "site": "site__name", "floor": "floor"}
    default_sort = "site"
    export_filename = "incubator-spaces.xlsx"

    def get_base_queryset(self):
        return queries.spaces_for(self.request.user)

    def export_sheet(self, queryset) -> Sheet:
        return Sheet(
            title=str(_("Spaces")),
            headers=[_("Site"), _("Name"), _("Floor"), _("Kind"), _("Area (m²)")],
            rows=((s.site.name, s.name, s.floor, s.get_kind_display(), s.area_m2) for s in queryset),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["total_area"] = self.object_list.aggregate(total=Sum("area_m2"))["total"]
        return context


class SiteListView(StaffOrOfficialMixin, TemplateView):
    """The buildings of the base with their spaces and area; staff add and rename them here."""

    template_name = "incubator/site_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sites"] = queries.sites_with_area_for(self.request.user)
        context["total_area"] = sum((site.area or 0 for site in context["sites"]), 0)
        return context


class SiteDetailView(StaffOrOfficialMixin, TemplateView):
    template_name = "incubator/site_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        site = get_visible_or_404(queries.sites_for(self.request.user).select_related("division"), pk=kwargs["pk"])
        context["site"] = site
        context["spaces"] = site.spaces.all()
        context["total_area"] = sum((space.area_m2 for space in context["spaces"]), 0)
        return context


class SiteCreateView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.SiteForm
    title = _("New site")
    success_message = _("The site has been saved.")

    def perform(self, form):
        return actions.site_create(user=self.request.user, **form.cleaned_data)


class SiteUpdateView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.SiteForm
    title = _("Edit the site")
    success_message = _("The site has been saved.")

    form_instance = False

    def get_object(self):
        return get_visible_or_404(Site.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def initial_from(self, record) -> dict:
        return {"name": record.name, "address": record.address}

    def perform(self, form):
        return actions.site_update(user=self.request.user, site=self.object, **form.cleaned_data)


class SpaceCreateView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.SpaceForm
    title = _("New space")

    def perform(self, form):
        return actions.space_create(user=self.request.user, **form.cleaned_data)

    def get_initial(self):
        return {"site": self.request.GET.get("site"), "opened_on": timezone.localdate()}

    def success_url_for(self, result) -> str:
        return result.get_absolute_url()


class OccupancyView(StaffOrOfficialMixin, TemplateView):
    template_name = "incubator/occupancy.html"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["incubator/partials/occupancy.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            day = date.fromisoformat(self.request.GET.get("on", ""))
        except ValueError:
            day = timezone.localdate()
        rows = queries.occupancy_for(self.request.user, day)
        context["day"] = day
        context["rows"] = rows
        context["total_area"] = sum((row["area"] for row in rows), 0)
        context["total_occupied"] = sum((row["occupied"] for row in rows), 0)
        context["chart"] = json.dumps(
            {
                "categories": [row["space"].name for row in rows],
                "occupied": [float(row["occupied"]) for row in rows],
                "free": [float(row["free"]) for row in rows],
                "labels": {"occupied": str(_("Occupied m²")), "free": str(_("Free m²"))},
            },
            ensure_ascii=False,
        )
        return context


# --- Batches and criteria ----------------------------------------------------------------------------


class BatchListView(StaffOrOfficialMixin, TemplateView):
    template_name = "incubator/batch_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["batches"] = queries.batches_for(self.request.user)
        return context


class BatchCreateView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.BatchForm
    title = _("New admission batch")

    def perform(self, form):
        return actions.batch_create(user=self.request.user, **form.cleaned_data)


class BatchDetailView(StaffOrOfficialMixin, IncubatorFormView):
    """The batch with its weighted criteria; staff add criteria and open the batch."""

    template_name = "incubator/batch_detail.html"
    form_class = forms.CriterionForm
    success_message = _("Criterion published.")

    def dispatch(self, request, *args, **kwargs):
        self.batch = get_visible_or_404(Batch.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not is_staff(request.user):
            return redirect(self.batch.get_absolute_url())
        if "publish" in request.POST:
            return BatchPublishView.as_view()(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        actions.criterion_add(user=self.request.user, batch=self.batch, **form.cleaned_data)
        return self.batch

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["batch"] = self.batch
        context["criteria"] = self.batch.criteria.all()
        context["can_edit"] = is_staff(self.request.user)
        return context


class BatchPublishView(StaffRequiredMixin, RecordActionView):
    """Open a draft batch for applications: once, and not from a page loaded before the batch
    changed."""

    success_message = _("The batch is open for applications.")

    def get_object(self):
        return get_visible_or_404(Batch.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        return actions.batch_publish(user=self.request.user, batch=record)


# --- Applications -----------------------------------------------------------------------------------


class ApplicationListView(AnyRoleMixin, FilteredListView):
    template_name = "incubator/application_list.html"
    filterset_class = ApplicationFilter
    bulk_key = "incubator-applications"
    sort_fields = {"organization": "organization__name", "submitted": "submitted_on", "status": "status"}
    default_sort = "-submitted"
    export_filename = "incubator-applications.xlsx"

    def get_base_queryset(self):
        return queries.applications_for(self.request.user)

    def export_sheet(self, queryset) -> Sheet:
        return Sheet(
            title=str(_("Applications")),
            headers=[
                _("Organization"),
                _("Batch"),
                _("Field of work"),
                _("Status"),
                _("Submitted on"),
                _("Decided on"),
            ],
            rows=(
                (a.organization.name, a.batch.name, a.field, a.get_status_display(), a.submitted_on, a.decided_on)
                for a in queryset
            ),
        )


class ApplicationCreateView(AnyRoleMixin, IncubatorFormView):
    form_class = forms.ApplicationForm
    title = _("Apply to the incubation base")
    success_message = _("Your application has been saved.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_org_user:
            messages.info(request, _("Organizations apply with their own accounts."))
            return redirect("incubator:application-list")
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return actions.application_create(
            user=self.request.user,
            batch=data["batch"],
            organization=data["organization"],
            project_plan=data["project_plan"],
            field=data["field"],
            staff_count=data["staff_count"] or 0,
            help_wanted=data["help_wanted"],
            attachments=[data["attachment"]] if data.get("attachment") else [],
            submit=data["submit_now"],
        )


class ApplicationRecordView(StaffRequiredMixin, ActionFormView):
    """Staff enter an application of an earlier year with the day it was submitted."""

    form_class = forms.PastApplicationForm
    title = _("Record an earlier application")
    success_message = _("The application has been recorded.")

    def perform(self, form):
        data = form.cleaned_data
        return actions.application_create(
            user=self.request.user,
            batch=data["batch"],
            organization=data["organization"],
            project_plan=data["project_plan"],
            field=data["field"],
            staff_count=data["staff_count"] or 0,
            submitted_on=data["submitted_on"],
        )


class ApplicationDetailView(AnyRoleMixin, TemplateView):
    template_name = "incubator/application_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        application = queries.application_for(user, kwargs["pk"])
        context["application"] = application
        context["can_edit"] = can_edit_application(user, application)
        context["can_decide"] = can_decide_application(user, application)
        context["is_staff"] = is_staff(user)
        context["can_assign"] = is_staff(user) and application.status in Application.PENDING
        if is_staff(user) or user.is_official:
            context["reviews"] = application.reviews.all()
            context["score"] = actions.application_score(application)
        if context["can_decide"]:
            context["decide_form"] = forms.DecideForm()
        if context["can_assign"]:
            context["assign_form"] = forms.AssignForm(user=user)
        if context["can_edit"]:
            context["attachment_form"] = forms.AttachmentForm()
        context["can_start_residency"] = (
            is_staff(user)
            and application.status == Application.Status.ADMITTED
            and not hasattr(application, "residency")
        )
        context["residency"] = getattr(application, "residency", None) if application.status == "admitted" else None
        return context


class ApplicationObjectMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.application = get_visible_or_404(
            Application.objects.visible_to(request.user).select_related("organization", "batch"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Say which application the form is about, and return to it on cancel.
        context["title"] = f"{self.title} · {self.application}"
        context["back_url"] = self.application.get_absolute_url()
        return context

    def success_url_for(self, *results) -> str:
        # Form views pass the result, record-action views the record and the result.
        return self.application.get_absolute_url()


class ApplicationSubmitView(AnyRoleMixin, ApplicationObjectMixin, RecordActionView):
    success_message = _("The application has been submitted.")

    def get_object(self):
        return self.application

    def perform(self, record):
        return actions.application_submit(user=self.request.user, application=record)


class AttachmentAddView(AnyRoleMixin, ApplicationObjectMixin, IncubatorFormView):
    form_class = forms.AttachmentForm
    title = _("Add an attachment")

    def perform(self, form):
        return actions.attachment_add(
            user=self.request.user, application=self.application, upload=form.cleaned_data["file"]
        )


def application_text(application: Application) -> dict:
    return {
        "project_plan": application.project_plan,
        "field": application.field,
        "staff_count": application.staff_count,
        "help_wanted": application.help_wanted,
    }


class ApplicationEditView(AnyRoleMixin, ApplicationObjectMixin, IncubatorFormView):
    """The organization changes the text of its draft, or of an application the union asked
    more information about; in any other state the action refuses and the page says why."""

    form_class = forms.ApplicationEditForm
    title = _("Edit the application")
    success_message = _("The application has been saved.")

    def get(self, request, *args, **kwargs):
        if not can_edit_application(request.user, self.application):
            messages.error(
                request, _("The application can be changed only while it is a draft or more information is asked.")
            )
            return redirect(self.application.get_absolute_url())
        return super().get(request, *args, **kwargs)

    form_instance = False

    def get_object(self):
        return get_visible_or_404(Application.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def initial_from(self, record) -> dict:
        return application_text(record)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.application.status == Application.Status.MORE_INFO:
            context["intro"] = self.application.decision_reason
        return context

    def perform(self, form):
        return actions.application_edit(user=self.request.user, application=self.application, **form.cleaned_data)


class ApplicationRespondView(AnyRoleMixin, ApplicationObjectMixin, IncubatorFormView):
    form_class = forms.RespondForm
    title = _("Answer and resubmit")
    success_message = _("The application has been resubmitted.")

    def get_initial(self):
        return application_text(self.application)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = self.application.decision_reason
        return context

    def perform(self, form):
        data = form.cleaned_data
        return actions.application_resubmit(
            user=self.request.user,
            application=self.application,
            response=data["response"],
            project_plan=data["project_plan"],
            help_wanted=data["help_wanted"],
            field=data["field"],
            staff_count=data["staff_count"],
        )


class ApplicationAssignView(StaffRequiredMixin, ApplicationObjectMixin, IncubatorFormView):
    form_class = forms.AssignForm
    title = _("Assign a reviewer")
    success_message = _("The reviewer has been assigned.")

    def perform(self, form):
        return actions.review_assign(
            user=self.request.user, application=self.application, reviewer=form.cleaned_data["reviewer"]
        )


class ApplicationDecideView(StaffRequiredMixin, ApplicationObjectMixin, IncubatorFormView):
    form_class = forms.DecideForm
    title = _("Decide")
    success_message = _("The decision has been recorded.")

    def perform(self, form):
        return actions.application_decide(user=self.request.user, application=self.application, **form.cleaned_data)


class ResidencyStartView(StaffRequiredMixin, ApplicationObjectMixin, IncubatorFormView):
    form_class = forms.ResidencyForm
    title = _("Start the residency")
    success_message = _("The residency has started.")

    def get_initial(self):
        return {"started_on": timezone.localdate()}

    def perform(self, form):
        data = dict(form.cleaned_data)
        return actions.residency_start(user=self.request.user, application=self.application, **data)

    def success_url_for(self, result) -> str:
        return result.get_absolute_url()


class AttachmentView(AnyRoleMixin, View):
    def get(self, request, pk):
        attachment = get_visible_or_404(queries.attachments_for(request.user), pk=pk)
        return serve_private_file(attachment.file, attachment.original_name)


# --- Reviews -------------------------------------------------------------------------------------------


class ReviewListView(StaffRequiredMixin, TemplateView):
    """A reviewer's page: only the applications assigned to them."""

    template_name = "incubator/review_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reviews"] = queries.assigned_reviews_for(self.request.user)
        context["scorable"] = Application.PENDING
        return context


class ReviewScoreView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.ScoreForm
    template_name = "incubator/review_form.html"
    title = _("Score the application")
    success_message = _("Your scores have been saved.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            # Only the reviewer it is assigned to finds it; everyone else gets 404.
            self.review = get_visible_or_404(
                Review.objects.filter(reviewer=request.user)
                .select_related("application__organization", "application__batch")
                .prefetch_related("scores__criterion", "application__attachments"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["criteria"] = list(self.review.application.batch.criteria.all())
        kwargs["scores"] = dict(self.review.scores.values_list("criterion_id", "value"))
        kwargs["initial"] = {"comment": self.review.comment}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review"] = self.review
        context["application"] = self.review.application
        context["can_score"] = can_score_review(self.request.user, self.review)
        if not context["can_score"]:
            context["title"] = _("My reviews")
        return context

    def perform(self, form):
        actions.review_score(
            user=self.request.user, review=self.review, scores=form.scores(), comment=form.cleaned_data["comment"]
        )
        return self.review

    def success_url_for(self, result) -> str:
        return reverse("incubator:review-list")


# --- Residencies ----------------------------------------------------------------------------------------


class ResidencyListView(AnyRoleMixin, FilteredListView):
    template_name = "incubator/residency_list.html"
    filterset_class = ResidencyFilter
    sort_fields = {"organization": "organization__name", "started": "started_on", "ended": "ended_on"}
    default_sort = "-started"
    export_filename = "incubator-residencies.xlsx"

    def get_base_queryset(self):
        return queries.residencies_for(self.request.user)

    def export_sheet(self, queryset) -> Sheet:
        return Sheet(
            title=str(_("Residencies")),
            headers=[_("Organization"), _("Status"), _("Started on"), _("Ended on"), _("Area in use (m²)")],
            rows=(
                (r.organization.name, r.get_status_display(), r.started_on, r.ended_on, r.area_in_use) for r in queryset
            ),
        )


class ResidencyDetailView(AnyRoleMixin, TemplateView):
    template_name = "incubator/residency_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        residency = queries.residency_for(self.request.user, kwargs["pk"])
        context["residency"] = residency
        context["is_staff"] = is_staff(self.request.user)
        context["support"] = queries.support_by_year_and_kind_for(self.request.user, residency)
        context["support_total"] = sum((row["total"] for row in context["support"]), 0)
        return context


class ResidencyObjectMixin:
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.residency = get_visible_or_404(
                Residency.objects.visible_to(request.user).select_related("organization"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Say whose residency the form changes, and return to it on cancel.
        context["title"] = f"{self.title} · {self.residency.organization.name}"
        context["back_url"] = self.residency.get_absolute_url()
        return context

    def success_url_for(self, result) -> str:
        return self.residency.get_absolute_url()


class OccupancyAddView(StaffRequiredMixin, ResidencyObjectMixin, IncubatorFormView):
    form_class = forms.OccupancyForm
    title = _("Assign a space")

    def perform(self, form):
        return actions.occupancy_add(user=self.request.user, residency=self.residency, **form.cleaned_data)


class GraduateView(StaffRequiredMixin, ResidencyObjectMixin, IncubatorFormView):
    form_class = forms.EndResidencyForm
    title = _("Graduation")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["text"].label = _("What it became")
        return form

    def perform(self, form):
        data = form.cleaned_data
        return actions.residency_graduate(
            user=self.request.user, residency=self.residency, on=data["on"], summary=data["text"]
        )


class ExitView(GraduateView):
    title = _("Exit")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["text"].label = _("Reason for leaving")
        return form

    def perform(self, form):
        data = form.cleaned_data
        return actions.residency_exit(
            user=self.request.user, residency=self.residency, on=data["on"], reason=data["text"]
        )


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


class EvaluationView(StaffRequiredMixin, ResidencyObjectMixin, IncubatorFormView):
    form_class = forms.EvaluationForm
    title = _("Record an evaluation")

    def perform(self, form):
        return actions.evaluation_record(user=self.request.user, residency=self.residency, **form.cleaned_data)


class TargetListView(StaffOrOfficialMixin, TemplateView):
    template_name = "incubator/targets.html"

    def get_context_data(self, **kwargs):
        from .models import KEY_TARGET_THRESHOLD, Brand

        context = super().get_context_data(**kwargs)
        context["targets"] = queries.key_cultivation_targets_for(self.request.user)
        context["threshold"] = KEY_TARGET_THRESHOLD
        context["brands"] = Brand.objects.visible_to(self.request.user).select_related("organization")
        return context


# --- Mentors, trainings, visits -----------------------------------------------------------------------


class MentorListView(StaffOrOfficialMixin, TemplateView):
    template_name = "incubator/mentor_list.html"

    def get_context_data(self, **kwargs):
        from .models import TeamRole

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


class TrainingDetailView(AnyRoleMixin, TemplateView):
    template_name = "incubator/training_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.training = get_visible_or_404(queries.trainings_for(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        """Sign one person in, or import a sign-in sheet (named by the button posted)."""
        if not is_staff(request.user):
            return redirect(self.training.get_absolute_url())
        view = TrainingSheetImportView if "import" in request.POST else TrainingSignInView
        return view.as_view()(request, pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["training"] = self.training
        context["attendances"] = queries.attendances_for(user, self.training)
        context["is_staff"] = is_staff(user)
        if is_staff(user):
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
        context["is_staff"] = is_staff(self.request.user)
        return context


class VisitCreateView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.ExchangeVisitForm
    title = _("New exchange visit")

    def perform(self, form):
        return actions.exchange_visit_create(user=self.request.user, **form.cleaned_data)

    def success_url_for(self, result) -> str:
        return reverse("incubator:visit-list")


# --- Support ledger -------------------------------------------------------------------------------------


class SupportListView(AnyRoleMixin, FilteredListView):
    template_name = "incubator/support_list.html"
    filterset_class = SupportEntryFilter
    sort_fields = {"date": "value_date", "organization": "organization__name", "amount": "amount"}
    default_sort = "-date"
    export_filename = "incubator-support.xlsx"

    def get_base_queryset(self):
        return queries.support_for(self.request.user)

    def export_sheet(self, queryset) -> Sheet:
        return Sheet(
            title=str(_("Support ledger")),
            headers=[_("Date"), _("Organization"), _("Kind"), _("Amount (yuan)"), _("Description")],
            rows=((e.value_date, e.organization.name, e.get_kind_display(), e.amount, e.description) for e in queryset),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["budget_years"] = queries.budget_years_for(self.request.user)
        context["is_staff"] = is_staff(self.request.user)
        context["filtered_total"] = self.object_list.aggregate(total=Sum("amount"))["total"]
        return context


class SupportPostView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.SupportEntryForm
    title = _("Post a support entry")

    def perform(self, form):
        return actions.support_post(user=self.request.user, **form.cleaned_data)

    def success_url_for(self, result) -> str:
        return reverse("incubator:support-list")


class SupportPostMonthView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.PostMonthForm
    title = _("Post a month of the four waivers")

    def perform(self, form):
        count = actions.waivers_post_month(
            user=self.request.user,
            division_code=self.request.user.division_id or "51",
            month=form.cleaned_data["month"],
        )
        messages.info(self.request, _("%(count)d waiver entries posted.") % {"count": count})
        return None

    def success_url_for(self, result) -> str:
        return reverse("incubator:support-list")


class SupportReverseView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.ReverseForm
    title = _("Reverse a support entry")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.entry = get_visible_or_404(SupportEntry.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.entry
        parts = [
            date_format(entry.value_date),
            entry.organization.name,
            entry.get_kind_display(),
            f"{yuan(entry.amount)} {_('yuan')}",
        ]
        context["intro"] = " · ".join(parts + ([entry.description] if entry.description else []))
        return context

    def perform(self, form):
        return actions.support_reverse(user=self.request.user, entry=self.entry, reason=form.cleaned_data["reason"])

    def success_url_for(self, result) -> str:
        return reverse("incubator:support-list")


class BudgetCreateView(StaffRequiredMixin, IncubatorFormView):
    form_class = forms.BudgetForm
    title = _("Yearly budget")

    def perform(self, form):
        return actions.budget_create(user=self.request.user, **form.cleaned_data)

    def success_url_for(self, result) -> str:
        return reverse("incubator:support-list")


# --- The organization's own page -------------------------------------------------------------------------


class MineView(AnyRoleMixin, TemplateView):
    """An organization user's page: its applications with status and reasons, its
    residency and the support it received."""

    template_name = "incubator/mine.html"

    def get(self, request, *args, **kwargs):
        # Staff and officials see every organization's applications on the base's own lists;
        # this page is an organization's own, and would list a province's.
        if not request.user.is_org_user:
            return redirect("incubator:dashboard")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["applications"] = queries.applications_for(user)[:100]
        context["residencies"] = queries.residencies_for(user)[:100]
        context["support_total"] = SupportEntry.objects.visible_to(user).aggregate(total=Sum("amount"))["total"]
        context["open_batches"] = queries.open_batches()
        return context
