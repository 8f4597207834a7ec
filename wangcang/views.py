from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView, TemplateView

from .dbrouter import replica_reads
from .forms import LoginForm, PasswordChangeForm, bootstrap_widgets
from .home import home_for
from .models import BackgroundJob
from .pagination import ListPaginator
from .permissions import AnyRoleMixin
from .scoping import get_visible_or_404
from .uploads import serve_private_file
from .xlsx import Sheet, xlsx_response


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


class HomeView(AnyRoleMixin, TemplateView):
    template_name = "wangcang/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["organizations"] = user.organizations.all() if user.is_org_user else None
        context.update(home_for(user, timezone.localdate()))
        return context


class NotificationListView(AnyRoleMixin, ListView):
    template_name = "wangcang/notifications.html"
    paginate_by = 30
    context_object_name = "notifications"

    def get_queryset(self):
        notifications = self.request.user.notifications.all()
        if self.request.GET.get("unread"):
            notifications = notifications.filter(read_at__isnull=True)
        return notifications

    def post(self, request):
        request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("notification-list")


def visible_jobs(user):
    if user.is_superuser:
        return BackgroundJob.objects.all()
    return BackgroundJob.objects.filter(created_by=user)


class JobDetailView(AnyRoleMixin, View):
    """The progress of a background job. htmx polls the partial until the job ends."""

    def get(self, request, pk: int):
        job = get_visible_or_404(visible_jobs(request.user), pk=pk)
        polled = bool(request.headers.get("HX-Request"))
        request.session_untouched = polled  # wangcang.middleware.IdleSessionMiddleware
        response = render(
            request, "wangcang/partials/job_progress.html" if polled else "wangcang/job_detail.html", {"job": job}
        )
        if polled and job.is_finished:
            # Only a running job's card polls, so this poll saw the end: reload the page,
            # so that what it shows beside the card (an import's result, fresh figures) appears.
            response["HX-Refresh"] = "true"
        return response


class JobFileView(AnyRoleMixin, View):
    def get(self, request, pk: int):
        job = get_visible_or_404(visible_jobs(request.user), pk=pk)
        if not job.result_file:
            raise Http404
        return serve_private_file(job.result_file, job.result.get("filename"))


class FilteredListView(ListView):
    """The one list-page pattern: a django-filter bar, a sort whitelist, pagination, and
    the same filtered rows as an XLSX download (``?export=xlsx``).

    Subclasses set ``filterset_class``, ``sort_fields`` (query value → order_by) and,
    for export, ``export_filename`` and :meth:`export_sheet`.
    """

    filterset_class = None
    sort_fields: dict[str, str] = {}
    default_sort: str = ""
    paginate_by = 25
    paginator_class = ListPaginator
    export_filename: str = ""

    def get_base_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        queryset = self.get_base_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=queryset, request=self.request)
            bootstrap_widgets(self.filterset.form)
            queryset = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else queryset
        sort = self.request.GET.get("sort", self.default_sort)
        self.sort = sort if sort.lstrip("-") in self.sort_fields else self.default_sort
        if self.sort:
            # The tie-break runs the same way as the sort, so that one index on (field, id)
            # serves the page from either end.
            field = self.sort_fields[self.sort.lstrip("-")]
            queryset = queryset.order_by(*((f"-{field}", "-pk") if self.sort.startswith("-") else (field, "pk")))
        return queryset

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.export_filename:
            with replica_reads():
                self.object_list = self.get_queryset()
                return xlsx_response(self.export_filename, [self.export_sheet(self.object_list)])
        return super().get(request, *args, **kwargs)

    def export_sheet(self, queryset) -> Sheet:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["sort"] = self.sort
        context["can_export"] = bool(self.export_filename)
        return context


def paginate(request, queryset, per_page: int = 25):
    return ListPaginator(queryset, per_page).get_page(request.GET.get("page"))


def favicon(request) -> HttpResponse:
    """``/favicon.ico``, which browsers ask for whatever the page links: served from the
    static files (collected or not) and cached for a day."""
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    path = finders.find("favicon.ico")
    if path:
        with open(path, "rb") as handle:
            content = handle.read()
    else:
        with staticfiles_storage.open("favicon.ico") as handle:
            content = handle.read()
    response = HttpResponse(content, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def health(request) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
