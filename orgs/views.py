"""Pages of the registry: organizations, union branches, members, gaps and imports."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from wangcang.clientip import client_ip
from wangcang.formviews import ActionFormView, RecordActionView
from wangcang.imports import template_workbook
from wangcang.permissions import AnyRoleMixin, StaffOrOfficialMixin, StaffRequiredMixin
from wangcang.personal import mask_id_number, mask_phone
from wangcang.scoping import get_visible_or_404, user_organization_ids
from wangcang.views import FilteredListView, paginate, visible_jobs
from wangcang.wording import join_list
from wangcang.xlsx import Sheet, xlsx_response

from . import actions, permissions, queries
from .filters import MemberFilter, OrganizationFilter
from .forms import BranchForm, ImportForm, MemberForm, OrganizationForm
from .importers import IMPORTERS
from .models import Member, Organization, UnionBranch

PATH_LABELS = {"own": "点", "industry": "线", "area": "面"}


# Organizations ---------------------------------------------------------------------------


class OrganizationListView(StaffOrOfficialMixin, FilteredListView):
    template_name = "orgs/organization_list.html"
    filterset_class = OrganizationFilter
    sort_fields = {
        "name": "name",
        "uscc": "uscc",
        "kind": "kind",
        "town": "town__name",
        "industry": "industry",
        "established_on": "established_on",
        "staff_count": "staff_count",
    }
    default_sort = "name"
    export_filename = "organizations.xlsx"
    keep_rows = True

    def get_base_queryset(self):
        return queries.organization_rows_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = queries.add_union_status(context["object_list"])
        return context

    def export_sheet(self, queryset) -> Sheet:
        if "in_union" not in queryset.query.annotations:
            queryset = queries.with_union_status(queryset)
        yes, no = _("Yes"), _("No")
        return Sheet(
            title=_("Social organizations"),
            headers=[
                _("name"),
                _("unified social credit code"),
                _("kind"),
                _("town or community"),
                _("industry or field"),
                _("established on"),
                _("staff"),
                _("volunteers"),
                _("status"),
                _("Party organization"),
                _("Union path"),
                _("Party–union co-construction"),
            ],
            rows=(
                [
                    org.name,
                    org.uscc,
                    org.get_kind_display(),
                    org.town.name if org.town else "",
                    org.get_industry_display(),
                    org.established_on,
                    org.staff_count,
                    org.volunteer_count,
                    org.get_status_display(),
                    yes if org.has_party_org else no,
                    join_list(PATH_LABELS[path] for path in queries.union_paths(org)),
                    yes if org.co_construction else no,
                ]
                for org in queryset.iterator(chunk_size=2000)
            ),
            widths=[30, 22, 16, 12, 16, 12, 8, 8, 8, 10, 10, 10],
        )


class OrganizationDetailView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        organization = queries.organization_for(request.user, pk)
        members = paginate(request, queries.members_of(organization), per_page=50)
        return render(
            request,
            "orgs/organization_detail.html",
            {
                "organization": organization,
                "paths": [PATH_LABELS[path] for path in queries.union_paths(organization)],
                "branches": queries.branches_of(organization),
                "page_obj": members,
                "members": members.object_list,
                "can_edit": permissions.can_edit_organization(request.user, organization),
                "can_reveal": request.user.is_union_staff,
                "related": (
                    queries.related_records_for(request.user, organization)
                    if request.user.is_union_staff or request.user.is_official
                    else None
                ),
            },
        )


class OrganizationMembersExportView(AnyRoleMixin, View):
    """The members of one organization as a workbook (ID numbers and phones masked)."""

    def get(self, request, pk: int):
        organization = get_visible_or_404(Organization.objects.visible_to(request.user), pk=pk)
        return xlsx_response(f"members-{organization.pk}.xlsx", [member_sheet(queries.members_of(organization))])


def member_sheet(queryset) -> Sheet:
    return Sheet(
        title=_("Members"),
        headers=[
            _("name"),
            _("ID number"),
            _("gender"),
            _("phone"),
            _("organization"),
            _("union branch"),
            _("join path"),
            _("joined on"),
            _("left on"),
        ],
        rows=(
            [
                member.name,
                mask_id_number(member.id_number),
                member.get_gender_display(),
                mask_phone(member.phone),
                member.organization.name if member.organization_id else "",
                member.branch.name,
                member.get_join_path_display(),
                member.joined_on,
                member.left_on,
            ]
            for member in queryset.select_related("organization", "branch").iterator(chunk_size=2000)
        ),
        widths=[12, 22, 6, 14, 30, 24, 20, 12, 12],
    )


class OrganizationCreateView(StaffRequiredMixin, ActionFormView):
    template_name = "orgs/organization_form.html"
    form_class = OrganizationForm
    success_message = _("The organization has been registered.")

    def perform(self, form):
        return actions.organization_create(user=self.request.user, data=form.changes)


class OrganizationUpdateView(AnyRoleMixin, ActionFormView):
    template_name = "orgs/organization_form.html"
    form_class = OrganizationForm
    success_message = _("The profile has been saved.")

    def get_object(self):
        organization = get_visible_or_404(Organization.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        if not permissions.can_edit_organization(self.request.user, organization):
            raise PermissionDenied
        return organization

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=Organization.objects.get(pk=self.object.pk), **kwargs)

    def perform(self, form):
        return actions.organization_update(user=self.request.user, organization=self.object, data=form.changes)


class MyOrganizationView(AnyRoleMixin, View):
    """An organization user's own profile (the first organization it reports for)."""

    def get(self, request):
        ids = user_organization_ids(request.user) if request.user.is_org_user else []
        if not ids:
            raise Http404(_("No organization is linked to this account."))
        return redirect("orgs:organization-detail", pk=sorted(ids)[0])


class GapsView(StaffOrOfficialMixin, TemplateView):
    template_name = "orgs/gaps.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(gaps=queries.gaps_for(self.request.user), **kwargs)


# Union branches --------------------------------------------------------------------------


class BranchTreeView(StaffOrOfficialMixin, View):
    """The branch tree one level at a time: the top branches, and a branch's children when
    it is opened (htmx swaps them in below it; without JavaScript the link opens them as a page)."""

    def get(self, request):
        parent = None
        if request.GET.get("parent"):
            if not request.GET["parent"].isdigit():
                raise Http404
            parent = get_visible_or_404(UnionBranch.objects.visible_to(request.user), pk=request.GET["parent"])
        try:
            page = max(int(request.GET.get("page", 1)), 1)
        except ValueError:
            page = 1
        nodes, more = queries.branch_tree_for(request.user, parent=parent, page=page)
        context = {"nodes": nodes, "more": more, "parent": parent, "next_page": page + 1}
        if request.headers.get("HX-Request"):
            return render(request, "orgs/partials/branch_level.html", context)
        return render(request, "orgs/branch_tree.html", context)


class BranchDetailView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        branch = get_visible_or_404(queries.branches_for(request.user), pk=pk)
        members = Member.objects.visible_to(request.user).filter(branch=branch).select_related("organization")
        page = paginate(request, members.order_by("left_on", "name", "pk"), per_page=50)
        return render(
            request,
            "orgs/branch_detail.html",
            {
                "branch": branch,
                "covered": branch.covered_organizations.visible_to(request.user).select_related("town"),
                "children": branch.children.visible_to(request.user),
                "page_obj": page,
                "members": page.object_list,
                "can_edit": permissions.can_manage_branches(request.user),
                "can_reveal": request.user.is_union_staff,
            },
        )


class BranchFormView(StaffRequiredMixin, ActionFormView):
    template_name = "orgs/branch_form.html"
    form_class = BranchForm
    success_message = _("The union branch has been saved.")
    lookup_before_role = False

    def get_object(self):
        if self.kwargs.get("pk") is None:
            return None
        return get_visible_or_404(UnionBranch.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        branch = UnionBranch.objects.get(pk=self.object.pk) if self.object else None
        return super().get_context_data(branch=branch, **kwargs)

    def perform(self, form):
        data = {name: form.cleaned_data[name] for name in form.fields if name != "covered_organizations"}
        covered = list(form.cleaned_data["covered_organizations"])
        if self.object is None:
            return actions.branch_create(user=self.request.user, data=data, covered=covered)
        return actions.branch_update(user=self.request.user, branch=self.object, data=data, covered=covered)


# Members ---------------------------------------------------------------------------------


class MemberListView(StaffOrOfficialMixin, FilteredListView):
    template_name = "orgs/member_list.html"
    filterset_class = MemberFilter
    bulk_key = "members"
    sort_fields = {
        "name": "name",
        "organization": "organization__name",
        "branch": "branch__name",
        "join_path": "join_path",
        "joined_on": "joined_on",
    }
    default_sort = "name"
    export_filename = "members.xlsx"
    keep_rows = True

    def get_base_queryset(self):
        return queries.members_for(self.request.user)

    def export_sheet(self, queryset) -> Sheet:
        return member_sheet(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_reveal=self.request.user.is_union_staff, **kwargs)


class MemberCreateView(StaffRequiredMixin, ActionFormView):
    template_name = "orgs/member_form.html"
    form_class = MemberForm
    success_message = _("The member has been added.")

    def get_initial(self):
        return self.request.GET.dict() if self.request.method == "GET" else {}

    def perform(self, form):
        return actions.member_create(user=self.request.user, data=form.cleaned_data)

    def success_url_for(self, result) -> str:
        return result.branch.get_absolute_url()


class MemberRevealView(StaffRequiredMixin, RecordActionView):
    """Show one member's full ID number: an explicit POST, logged."""

    def get_object(self):
        return get_visible_or_404(Member.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        return actions.member_reveal_id_number(
            user=self.request.user, member=record, ip_address=client_ip(self.request)
        )

    def respond(self, record, result):
        return render(self.request, "orgs/partials/id_number.html", {"member": record, "number": result})


# Imports ---------------------------------------------------------------------------------


class ImportView(StaffRequiredMixin, ActionFormView):
    template_name = "orgs/import.html"
    form_class = ImportForm
    success_message = ""

    def perform(self, form):
        try:
            return actions.registry_import_start(
                user=self.request.user,
                what=form.cleaned_data["what"],
                upload=form.cleaned_data["file"],
                division_code=form.cleaned_data["division"].code,
            )
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc

    def success_url_for(self, result) -> str:
        return reverse("orgs:import-detail", args=[result.pk])


class ImportTemplateView(StaffRequiredMixin, View):
    def get(self, request, what: str):
        importer = IMPORTERS.get(what)
        if importer is None:
            raise Http404
        response = HttpResponse(
            template_workbook(importer),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{what}-template.xlsx"'
        return response


class ImportDetailView(StaffRequiredMixin, View):
    def get(self, request, pk: int):
        job = get_visible_or_404(visible_jobs(request.user).filter(kind__startswith="orgs.import_"), pk=pk)
        return render(request, "orgs/import_detail.html", {"job": job, "result": job.result})
