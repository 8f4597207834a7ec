"""Pages of batches, applications and reviews."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from wangcang.formviews import ActionFormView, PostToActionMixin, RecordActionView
from wangcang.permissions import AnyRoleMixin, StaffOrOfficialMixin, StaffRequiredMixin, has_role
from wangcang.scoping import get_visible_or_404
from wangcang.uploads import serve_private_file
from wangcang.views import FilteredListView
from wangcang.xlsx import Sheet

from .. import actions, forms, queries
from ..filters import ApplicationFilter
from ..models import Application, Batch, Review
from ..permissions import can_decide_application, can_edit_application, can_score_review
from .base import IncubatorFormView


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


class BatchDetailView(StaffOrOfficialMixin, PostToActionMixin, IncubatorFormView):
    """The batch with its weighted criteria; staff add criteria and open the batch."""

    template_name = "incubator/batch_detail.html"
    form_class = forms.CriterionForm
    success_message = _("Criterion published.")

    def dispatch(self, request, *args, **kwargs):
        self.batch = get_visible_or_404(Batch.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def may_post(self) -> bool:
        return has_role(self.request.user, "staff")

    def refused_post_url(self) -> str:
        return self.batch.get_absolute_url()

    def post_view(self):
        """Open the batch (its button), or add the criterion of the page's form (``None``)."""
        return BatchPublishView if "publish" in self.request.POST else None

    def perform(self, form):
        actions.criterion_add(user=self.request.user, batch=self.batch, **form.cleaned_data)
        return self.batch

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["batch"] = self.batch
        context["criteria"] = self.batch.criteria.all()
        context["can_edit"] = has_role(self.request.user, "staff")
        return context


class BatchPublishView(StaffRequiredMixin, RecordActionView):
    """Open a draft batch for applications: once, and not from a page loaded before the batch
    changed."""

    success_message = _("The batch is open for applications.")

    def get_object(self):
        return get_visible_or_404(Batch.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        return actions.batch_publish(user=self.request.user, batch=record)


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
        context["is_staff"] = has_role(user, "staff")
        context["can_assign"] = has_role(user, "staff") and application.status in Application.PENDING
        if has_role(user, "staff") or user.is_official:
            context["reviews"] = application.reviews.all()
            context["score"] = actions.application_score(application)
        if context["can_decide"]:
            context["decide_form"] = forms.DecideForm()
        if context["can_assign"]:
            context["assign_form"] = forms.AssignForm(user=user)
        if context["can_edit"]:
            context["attachment_form"] = forms.AttachmentForm()
        context["can_start_residency"] = (
            has_role(user, "staff")
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


class AttachmentView(AnyRoleMixin, View):
    def get(self, request, pk):
        attachment = get_visible_or_404(queries.attachments_for(request.user), pk=pk)
        return serve_private_file(attachment.file, attachment.original_name)


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
