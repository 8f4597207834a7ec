from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View, defaults
from django.views.generic import ListView, TemplateView
from drf_spectacular.views import SpectacularSwaggerView

from . import actions, bulk, keptrows
from .actions import job_retry
from .dbrouter import replica_reads
from .forms import ApiTokenForm, LoginForm, PasswordChangeForm, bootstrap_widgets
from .formviews import ActionFormView, PostToActionMixin, RecordActionView, new_form_token
from .home import home_for
from .models import ApiToken, BackgroundJob
from .pagination import ListPaginator
from .permissions import AnyRoleMixin
from .scoping import get_visible_or_404
from .uploads import serve_private_file
from .wording import item_separator
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


class NotificationListView(AnyRoleMixin, PostToActionMixin, ListView):
    template_name = "wangcang/notifications.html"
    paginate_by = 30
    context_object_name = "notifications"

    def get_queryset(self):
        notifications = self.request.user.notifications.in_portal()
        if self.request.GET.get("unread"):
            notifications = notifications.filter(read_at__isnull=True)
        return notifications

    def post_view(self):
        return NotificationsReadView


class NotificationsReadView(AnyRoleMixin, RecordActionView):
    """The "mark all read" button of the notification list."""

    def get_object(self):
        return None

    def perform(self, record):
        return actions.notifications_mark_read(user=self.request.user)

    def success_url_for(self, record, result) -> str:
        return reverse("notification-list")


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


class JobRetryView(AnyRoleMixin, RecordActionView):
    """Start a failed job again; the page then follows the new job."""

    def get_object(self):
        return get_visible_or_404(visible_jobs(self.request.user), pk=self.kwargs["pk"])

    def perform(self, record):
        try:
            return job_retry(job=record, user=self.request.user)
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from exc

    def success_url_for(self, record, result) -> str:
        return result.get_absolute_url()


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
    #: The key of the list's entry among the bulk actions (``wangcang.bulk``), if it has one.
    bulk_key: str = ""
    sort_fields: dict[str, str] = {}
    default_sort: str = ""
    paginate_by = 25
    paginator_class = ListPaginator
    export_filename: str = ""
    #: The rows part of the page is kept in the cache while the records are unchanged
    #: (:mod:`wangcang.keptrows`): for lists read from watched records alone, whose template
    #: wraps that part in ``{% kept_rows %}``.
    keep_rows: bool = False

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
        self.kept_rows_key = keptrows.rows_key(request) if self.keep_rows else None
        html = keptrows.kept(self.kept_rows_key)
        if html is not None:
            # Neither the rows nor their count are read: the page's own parts only.
            self.object_list = []
            return self.render_to_response({"view": self, "kept_rows_html": mark_safe(html)})
        return super().get(request, *args, **kwargs)

    def export_sheet(self, queryset) -> Sheet:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["sort"] = self.sort
        context["can_export"] = bool(self.export_filename)
        context["bulk"] = self.bulk_context(context)
        context["kept_rows_key"] = getattr(self, "kept_rows_key", None)
        return context

    def bulk_query(self):
        """The filter that selects this page's rows in the bulk list (``bulk_key``)."""
        query = self.request.GET.copy()
        for name in ("page", "sort", "export"):
            query.pop(name, None)
        return query

    def bulk_context(self, context) -> dict | None:
        """The bulk bar's pieces, when the list has bulk actions this user may take."""
        if not self.bulk_key:
            return None
        bulk_list = bulk.get_list(self.bulk_key)
        offered = bulk_list.actions_for(self.request.user)
        if not offered:
            return None
        query = self.bulk_query()
        page = context.get("page_obj")
        return {
            "list": bulk_list,
            "actions": offered,
            "url": reverse("bulk-action", args=[bulk_list.key]),
            "query": query.urlencode(),
            "count": page.paginator.count if page else len(context.get("object_list") or ()),
            "estimated": bool(page and page.paginator.estimated),
        }


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
    """For the load balancer and monitoring, without login: 200 when the database answers
    (and Redis, when configured), 503 otherwise. ``stuck_jobs`` counts background jobs past
    their limit that the sweep has not failed yet (above 0 for long: no beat is running)."""
    from django.conf import settings
    from django.db import connection
    from django.http import JsonResponse

    from . import jobs

    checks, healthy = {}, True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        checks["stuck_jobs"] = jobs.stuck().count()
    except Exception:
        checks["database"], healthy = "unavailable", False
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception:
            checks["redis"], healthy = "unavailable", False
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


def page_not_found(request, exception):
    """Unknown addresses under ``/api/`` answer in the API's error shape, not the HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(_("No such address in the API."))}, status=404)
    return defaults.page_not_found(request, exception)


_swagger_ui = SpectacularSwaggerView.as_view(url_name="api-schema")


def api_docs(request, *args, **kwargs):
    """Swagger UI; a visitor who is not signed in is sent to the login page first."""
    if not settings.API_SCHEMA_PUBLIC and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _swagger_ui(request, *args, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: the page, or the API's error shape."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        message = _("Too many failed logins: this account is locked for a while. Try again later.")
        return JsonResponse({"detail": str(message)}, status=status)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {}, status=status)


class ApiTokenListView(AnyRoleMixin, ActionFormView):
    """The user's own API tokens: name, start of the token, expiry; create one (shown once)."""

    template_name = "wangcang/api_tokens.html"
    form_class = ApiTokenForm

    def perform(self, form):
        return actions.api_token_create(user=self.request.user, name=form.cleaned_data["name"])

    def success_url_for(self, result) -> str:
        return reverse("api-tokens")

    def get_success_message(self, result) -> str:
        token, _key = result
        return _("Token “%(name)s” created.") % {"name": token.name}

    def respond(self, result, url: str):
        # The key is shown on this answer only: the portal keeps no copy of it.
        _token, key = result
        context = self.get_context_data(form=ApiTokenForm(), new_token=key)
        context["form_token"] = new_form_token()  # the token posted is spent
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(tokens=ApiToken.objects.filter(user=self.request.user), token_days=settings.API_TOKEN_DAYS)
        context.setdefault("new_token", None)
        return context


class ApiTokenRevokeView(AnyRoleMixin, RecordActionView):
    def get_object(self):
        return get_object_or_404(ApiToken, user=self.request.user, digest=self.request.POST.get("digest", ""))

    def perform(self, record):
        return actions.api_token_revoke(user=self.request.user, token=record)

    def get_success_message(self, record, result) -> str:
        return _("Token “%(name)s” revoked.") % {"name": record.name}

    def success_url_for(self, record, result) -> str:
        return reverse("api-tokens")


class BulkActionView(AnyRoleMixin, ActionFormView):
    """The one page of every bulk action: it says how many rows the action will touch, asks
    for the action's input (a reviewer, a date), and runs it (``wangcang.bulk``). Reached
    from a list's bulk bar with the ticked ``ids`` or ``scope=all`` and the list's ``query``."""

    template_name = "wangcang/bulk_confirm.html"
    #: Rows named on the page before it is submitted.
    preview_rows = 10

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.bulk_list = bulk.get_list(kwargs["key"])
            data = request.POST if request.method == "POST" else request.GET
            self.action = self.bulk_list.action(data.get("action", ""))
            if self.action is None:
                raise Http404
            if not self.action.allowed(request.user):
                raise PermissionDenied
            self.selection = bulk.Selection.from_data(data)
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return self.action.form_class

    def default_back_url(self) -> str:
        url = self.bulk_list.list_url()
        return f"{url}?{self.selection.query}" if self.selection.query else url

    def back_url(self) -> str:
        return self.default_back_url()

    def perform(self, form):
        form_input = {name: form.data.get(name, "") for name in form.fields}
        return bulk.bulk_start(
            user=self.request.user,
            bulk_list=self.bulk_list,
            action=self.action,
            selection=self.selection,
            form_input=form_input,
            language=translation.get_language() or "",
        )

    def success_url_for(self, result) -> str:
        return bulk.result_url(result)

    def get_success_message(self, result) -> str:
        if not result.is_finished:
            return _("The action runs in the background; this page shows its progress.")
        return ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(bulk_list=self.bulk_list, action=self.action, selection=self.selection)
        context["title"] = f"{self.bulk_list.title} · {self.action.label}"
        try:
            rows, missing = bulk.pick_rows(self.bulk_list, self.request.user, self.selection)
        except ValidationError as error:
            context["selection_error"] = item_separator().join(error.messages)
            return context
        count = bulk.count_rows(rows)
        context.update(
            count=count,
            too_many=count > bulk.MAX_ROWS,
            max_rows=bulk.MAX_ROWS,
            in_background=count + len(missing) > bulk.inline_limit(self.action),
            inline_limit=bulk.inline_limit(self.action),
            missing=len(missing),
            preview=[str(self.bulk_list.label(row)) for row in rows[: self.preview_rows]],
            ids=",".join(str(pk) for pk in self.selection.ids),
        )
        return context


class BulkResultView(AnyRoleMixin, View):
    """What a bulk action did: the rows done and the rows refused, each with the reason.
    While its job runs, the page shows the job's progress and reloads when it ends."""

    def get(self, request, pk: int):
        job = get_visible_or_404(visible_jobs(request.user).filter(kind=bulk.JOB_KIND), pk=pk)
        bulk_list = bulk.registry().get(job.params.get("list", ""))
        action = bulk_list.action(job.params.get("action", "")) if bulk_list else None
        result = job.result or {}
        context = {
            "job": job,
            "bulk_list": bulk_list,
            "action": action,
            "done": result.get("done", []),
            "done_count": result.get("done_count", 0),
            "refused": result.get("refused", []),
            "refused_count": result.get("refused_count", 0),
            "more_done": max(0, result.get("done_count", 0) - len(result.get("done", []))),
        }
        return render(request, "wangcang/bulk_result.html", context)
