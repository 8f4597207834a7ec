"""Pages of purchased services: staff manage contracts and confirm deliveries, providers
record their own deliveries, officials read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wangcang.formviews import ActionFormView, PostToActionMixin, RecordActionView
from wangcang.permissions import AnyRoleMixin, StaffRequiredMixin
from wangcang.personal import reveal
from wangcang.scoping import get_visible_or_404
from wangcang.uploads import serve_private_file
from wangcang.views import FilteredListView
from wangcang.xlsx import Sheet

from . import actions, permissions, queries
from .filters import ContractFilter, DeliveryFilter, LegalAidCaseFilter
from .forms import (
    AdviserPostingForm,
    ContestResultForm,
    ContractDocumentForm,
    ContractForm,
    DeliverableKindForm,
    DeliveryForm,
    EvidenceForm,
    LegalAidCaseForm,
)
from .models import ContractDocument, DeliverableKind, LegalAidCase


def _safe_next(request, default: str) -> str:
    """Where to go after a POST: ``next`` when it is a path on this site."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


# --- contracts ------------------------------------------------------------------------


class ContractListView(AnyRoleMixin, FilteredListView):
    template_name = "services/contract_list.html"
    context_object_name = "contracts"
    filterset_class = ContractFilter
    sort_fields = {"title": "title", "provider": "provider__name", "amount": "amount", "starts_on": "starts_on"}
    default_sort = "-starts_on"

    def get_base_queryset(self):
        return queries.contracts_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = permissions.can_edit_contract(self.request.user)
        # Behind schedule as of today, for the contracts on this page only (fixed queries).
        progress = queries.progress_for(context["contracts"])
        for contract in context["contracts"]:
            contract.behind_kinds = [item.kind for item in progress[contract.pk] if item.behind]
        return context


class ContractDetailView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        user = request.user
        contract = get_visible_or_404(queries.contract_detail_for(user), pk=pk)
        progress = queries.contract_progress(contract)
        elapsed_days, term_days = queries.elapsed(contract, timezone.localdate())
        context = {
            "contract": contract,
            "progress": progress,
            "elapsed_percent": round(100 * elapsed_days / term_days, 1),
            "chart": queries.progress_chart(progress),
            "deliveries": queries.with_evidence_count(queries.deliveries_for(user).filter(contract=contract))[:20],
            "delivery_count": contract.deliveries.count(),
            "cases": queries.cases_for(user).filter(contract=contract)[:20],
            "case_count": contract.legal_aid_cases.count(),
            "advisers": queries.advisers_for(user).filter(contract=contract),
            "documents": contract.documents.all(),
            "can_edit": permissions.can_edit_contract(user, contract),
            "can_record": permissions.can_record_delivery(user, contract),
            "document_form": ContractDocumentForm(),
        }
        return render(request, "services/contract_detail.html", context)


class ContractCreateView(StaffRequiredMixin, ActionFormView):
    template_name = "services/contract_form.html"
    form_class = ContractForm
    success_message = gettext_lazy("The contract has been saved.")

    def get(self, request, *args, **kwargs):
        actions.deliverable_kinds_ensure()
        return super().get(request, *args, **kwargs)

    def perform(self, form):
        return actions.contract_create(user=self.request.user, targets=form.targets(), **form.contract_fields())


class ContractUpdateView(StaffRequiredMixin, ActionFormView):
    template_name = "services/contract_form.html"
    form_class = ContractForm
    success_message = gettext_lazy("The contract has been saved.")
    lookup_before_role = False

    def get_object(self):
        return get_visible_or_404(queries.contract_detail_for(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(contract=self.object, **kwargs)

    def perform(self, form):
        return actions.contract_update(
            user=self.request.user, contract=self.object, targets=form.targets(), **form.contract_fields()
        )


class ContractDocumentUploadView(StaffRequiredMixin, RecordActionView):
    form_class = ContractDocumentForm
    success_message = gettext_lazy("The document has been uploaded.")

    def get_object(self):
        return get_visible_or_404(queries.contract_detail_for(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        return actions.contract_document_attach(
            user=self.request.user,
            contract=record,
            file=self.form.cleaned_data["file"],
            description=self.form.cleaned_data["description"],
        )


class ContractDocumentFileView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        queryset = ContractDocument.objects.filter(contract__in=queries.contract_detail_for(request.user).values("pk"))
        document = get_visible_or_404(queryset, pk=pk)
        return serve_private_file(document.file, document.original_name)


class ContractFormView(ActionFormView):
    """A form about one contract (a posting, a delivery, a case): back to the contract."""

    template_name = "services/simple_form.html"

    def dispatch(self, request, *args, **kwargs):
        # After the role check, like every staff page: a role that may not use it gets 403.
        self.contract = self.get_contract()
        return super().dispatch(request, *args, **kwargs)

    def get_contract(self):
        return get_visible_or_404(queries.contract_detail_for(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(contract=self.contract, **kwargs)


class AdviserCreateView(StaffRequiredMixin, ContractFormView):
    form_class = AdviserPostingForm
    title = gettext_lazy("Post a legal adviser")
    success_message = gettext_lazy("The adviser posting has been saved.")

    def perform(self, form):
        actions.adviser_post(user=self.request.user, contract=self.contract, **form.posting_fields())
        return self.contract


# --- deliveries -----------------------------------------------------------------------


class DeliveryListView(AnyRoleMixin, FilteredListView):
    template_name = "services/delivery_list.html"
    context_object_name = "deliveries"
    filterset_class = DeliveryFilter
    bulk_key = "service-deliveries"
    sort_fields = {
        "delivered_on": "delivered_on",
        "contract": "contract__title",
        "kind": "kind__order",
        "quantity": "quantity",
        "persons_served": "persons_served",
        "status": "status",
    }
    default_sort = "-delivered_on"
    export_filename = "deliveries.xlsx"
    keep_rows = True

    # Larger exports are written by a background job, with a progress page.
    export_inline_limit = 5000

    def get_base_queryset(self):
        return queries.deliveries_for(self.request.user)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.get_queryset().count() > self.export_inline_limit:
            from wangcang.actions import job_start

            from .jobs import DELIVERIES_EXPORT

            query = request.GET.copy()
            query.pop("export", None)
            job = job_start(kind=DELIVERIES_EXPORT, params={"query": query.urlencode()}, user=request.user)
            return redirect(job)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["deliveries"] = queries.attach_evidence_counts(list(context["object_list"]))
        return context

    def export_sheet(self, queryset) -> Sheet:
        queryset = queries.with_evidence_count(queryset)
        headers = [
            _("Date"),
            _("Contract"),
            _("Provider"),
            _("Deliverable kind"),
            _("Quantity"),
            _("Persons served (person-times)"),
            _("Place"),
            _("Organization or union served"),
            _("Description"),
            _("Status"),
            _("Evidence files"),
        ]
        rows = (
            (
                delivery.delivered_on,
                delivery.contract.title,
                delivery.contract.provider.name,
                str(delivery.kind),
                delivery.quantity,
                delivery.persons_served,
                delivery.place,
                str(delivery.served_organization or delivery.served_union or ""),
                delivery.description,
                delivery.get_status_display(),
                delivery.evidence_count,
            )
            for delivery in queryset.iterator(chunk_size=1000)
        )
        return Sheet(
            title=_("Deliveries"), headers=headers, rows=rows, widths=(12, 30, 24, 14, 8, 10, 20, 24, 40, 10, 8)
        )


class DeliveryQueueView(StaffRequiredMixin, View):
    """Deliveries and legal-aid cases waiting for staff confirmation."""

    def get(self, request):
        deliveries, cases = queries.confirmation_queue_for(request.user)
        return render(
            request, "services/confirmation_queue.html", {"deliveries": deliveries[:200], "cases": cases[:200]}
        )


class DeliveryCreateView(AnyRoleMixin, ContractFormView):
    template_name = "services/delivery_form.html"
    form_class = DeliveryForm
    success_message = gettext_lazy("The delivery has been recorded; it counts once staff confirm it.")

    def get_contract(self):
        contract = super().get_contract()
        if not permissions.can_record_delivery(self.request.user, contract):
            raise PermissionDenied
        return contract

    def extra_form_kwargs(self) -> dict:
        return {"contract": self.contract}

    def get_initial(self):
        # Today, or the nearest day of the term for a contract that has ended or not begun.
        return {"delivered_on": min(max(timezone.localdate(), self.contract.starts_on), self.contract.ends_on)}

    def perform(self, form):
        return actions.delivery_record(
            user=self.request.user, contract=self.contract, evidence=form.evidence(), **form.delivery_fields()
        )


class DeliveryDetailView(AnyRoleMixin, PostToActionMixin, View):
    template = "services/delivery_detail.html"

    def context(self, request, delivery, **extra):
        user = request.user
        return {
            "delivery": delivery,
            "can_confirm": permissions.can_confirm_delivery_now(user, delivery),
            "needs_second_colleague": permissions.delivery_needs_second_colleague(user, delivery),
            "can_add_evidence": permissions.can_add_evidence(user, delivery),
            "is_contest": delivery.kind.code == DeliverableKind.CONTEST,
            "evidence_form": extra.get("evidence_form") or EvidenceForm(),
            "result_form": extra.get("result_form") or ContestResultForm(),
        }

    def get_delivery(self, request, pk):
        return get_visible_or_404(queries.delivery_detail_for(request.user), pk=pk)

    def get(self, request, pk: int):
        delivery = self.get_delivery(request, pk)
        return render(request, self.template, self.context(request, delivery))

    def post_view(self):
        """Add evidence or a contest result (which form is posted is named by ``add``)."""
        return ContestResultAddView if self.request.POST.get("add") == "result" else DeliveryEvidenceAddView


class DeliveryFormActionView(AnyRoleMixin, RecordActionView):
    """A form on a delivery's page (evidence, a contest result), written once; a refusal shows
    the form there with its errors."""

    form_name = ""

    def get_object(self):
        delivery = get_visible_or_404(queries.delivery_detail_for(self.request.user), pk=self.kwargs["pk"])
        if not permissions.can_add_evidence(self.request.user, delivery):
            raise PermissionDenied
        return delivery

    def refuse(self, record, error):
        detail = DeliveryDetailView()
        context = detail.context(self.request, record, **{self.form_name: self.form})
        return render(self.request, detail.template, context, status=400)


class DeliveryEvidenceAddView(DeliveryFormActionView):
    form_class = EvidenceForm
    form_name = "evidence_form"
    success_message = gettext_lazy("The file has been attached.")

    def perform(self, record):
        data = self.form.cleaned_data
        return actions.delivery_evidence_attach(
            user=self.request.user, delivery=record, file=data["file"], kind=data["kind"]
        )


class ContestResultAddView(DeliveryFormActionView):
    form_class = ContestResultForm
    form_name = "result_form"

    def perform(self, record):
        return actions.contest_result_add(user=self.request.user, delivery=record, **self.form.cleaned_data)


class DeliveryConfirmView(StaffRequiredMixin, RecordActionView):
    success_message = gettext_lazy("The delivery has been confirmed.")
    refusal_level = messages.WARNING

    def get_object(self):
        return get_visible_or_404(queries.deliveries_for(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        return actions.delivery_confirm(user=self.request.user, delivery=record)

    def success_url_for(self, record, result) -> str:
        return _safe_next(self.request, record.get_absolute_url())

    def failure_url_for(self, record) -> str:
        return _safe_next(self.request, record.get_absolute_url())

    def get_success_message(self, record, result) -> str:
        return "" if self.request.headers.get("HX-Request") else self.success_message

    def respond(self, record, result):
        if self.request.headers.get("HX-Request"):  # the queue swaps the row in place
            delivery = queries.with_evidence_count(queries.deliveries_for(self.request.user)).get(pk=record.pk)
            return render(self.request, "services/partials/queue_delivery_row.html", {"delivery": delivery})
        return super().respond(record, result)


class EvidenceFileView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        evidence = get_visible_or_404(queries.evidence_for(request.user), pk=pk)
        return serve_private_file(evidence.file, evidence.original_name)


# --- legal aid ------------------------------------------------------------------------


class CaseListView(AnyRoleMixin, FilteredListView):
    template_name = "services/case_list.html"
    context_object_name = "cases"
    filterset_class = LegalAidCaseFilter
    sort_fields = {"accepted_on": "accepted_on", "amount_recovered": "amount_recovered", "employer": "employer"}
    default_sort = "-accepted_on"

    def get_base_queryset(self):
        return queries.cases_for(self.request.user)


class CaseCreateView(AnyRoleMixin, ContractFormView):
    form_class = LegalAidCaseForm
    title = gettext_lazy("Record a legal-aid case")
    success_message = gettext_lazy("The case has been recorded; it counts once staff confirm it.")

    def get_contract(self):
        contract = super().get_contract()
        if not permissions.can_record_case(self.request.user, contract):
            raise PermissionDenied
        return contract

    def perform(self, form):
        return actions.legal_aid_case_record(user=self.request.user, contract=self.contract, **form.case_fields())


class CaseDetailView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        case = get_visible_or_404(queries.cases_for(request.user), pk=pk)
        return render(
            request,
            "services/case_detail.html",
            {"case": case, "can_confirm": permissions.can_confirm_case(request.user, case)},
        )


class CaseConfirmView(StaffRequiredMixin, RecordActionView):
    success_message = gettext_lazy("The case has been confirmed.")
    refusal_level = messages.WARNING

    def get_object(self):
        return get_visible_or_404(queries.cases_for(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        return actions.legal_aid_case_confirm(user=self.request.user, case=record)

    def success_url_for(self, record, result) -> str:
        return _safe_next(self.request, record.get_absolute_url())

    def failure_url_for(self, record) -> str:
        return _safe_next(self.request, record.get_absolute_url())

    def get_success_message(self, record, result) -> str:
        return "" if self.request.headers.get("HX-Request") else self.success_message

    def respond(self, record, result):
        if self.request.headers.get("HX-Request"):
            case = queries.cases_for(self.request.user).get(pk=record.pk)
            return render(self.request, "services/partials/queue_case_row.html", {"case": case})
        return super().respond(record, result)


class CaseRevealView(StaffRequiredMixin, RecordActionView):
    """Staff ask to see the worker's full ID number; each view is logged."""

    def get_object(self):
        return get_visible_or_404(
            LegalAidCase.objects.visible_to(self.request.user).select_related("contract"), pk=self.kwargs["pk"]
        )

    def perform(self, record):
        from wangcang.clientip import client_ip

        return reveal(
            user=self.request.user, instance=record, field="worker_id_number", ip_address=client_ip(self.request)
        )

    def respond(self, record, result):
        context = {
            "case": record,
            "revealed_id": result,
            "can_confirm": permissions.can_confirm_case(self.request.user, record),
        }
        return render(self.request, "services/case_detail.html", context)


# --- deliverable kinds ----------------------------------------------------------------


class DeliverableKindListView(StaffRequiredMixin, ActionFormView):
    template_name = "services/kind_list.html"
    form_class = DeliverableKindForm
    success_message = gettext_lazy("The deliverable kind has been added.")

    def get(self, request, *args, **kwargs):
        actions.deliverable_kinds_ensure()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(kinds=DeliverableKind.objects.all(), **kwargs)

    def perform(self, form):
        return actions.deliverable_kind_create(user=self.request.user, **form.cleaned_data)

    def success_url_for(self, result) -> str:
        return reverse("services:kind-list")
