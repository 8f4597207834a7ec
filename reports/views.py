"""Pages of the reports app: the dashboard, the county report, its XLSX and PDF
downloads, and the staff refresh of the figures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from wangcang import catalogue
from wangcang.dbrouter import ReplicaReadsMixin
from wangcang.formviews import RecordActionView
from wangcang.periods import ALL, PeriodError, current_periods
from wangcang.permissions import AnyRoleMixin, StaffOrOfficialMixin, StaffRequiredMixin
from wangcang.scoping import get_visible_or_404
from wangcang.uploads import serve_private_file
from wangcang.views import visible_jobs

from . import actions, narrative, queries, xlsx
from .models import ReportFile
from .permissions import can_refresh_snapshots


class FiguresMixin:
    """Reads ``division``, ``period`` (or ``start``/``end``) and ``organization`` from the
    query string into a scope the user may see; a bad period is answered with 400."""

    def parse(self, request):
        params = request.GET
        error = None
        try:
            period = queries.period_from_params(params)
        except PeriodError as exc:
            period, error = ALL, str(exc)
        scope = queries.scope_for(
            request.user, division=params.get("division"), period=period, organization=params.get("organization")
        )
        return scope, error

    def base_context(self, request, scope, error):
        return {
            "scope": scope,
            "division": scope.division,
            "period": scope.period,
            # The free-text field keeps what was typed when it was wrong; a period that is
            # not in the list (a month, a date range) is added to it as the chosen one.
            "period_text": self.typed_period(request, scope, error),
            "period_error": error,
            "period_choices": queries.period_choices(current=None if error else scope.period),
            "divisions": list(queries.divisions_for(request.user).only("code", "name", "level")),
            "pillars": catalogue.PILLARS,
            "query": urlencode({"division": scope.division.code, **queries.period_params(scope.period)}),
        }

    @staticmethod
    def typed_period(request, scope, error) -> str:
        if error:
            filled = [value for value in request.GET.getlist("period") if value.strip()]
            return filled[-1] if filled else ""
        return ""

    def job_in_request(self, request):
        job_id = request.GET.get("job")
        if not job_id:
            return None
        return get_visible_or_404(visible_jobs(request.user), pk=job_id)


class DashboardView(ReplicaReadsMixin, FiguresMixin, AnyRoleMixin, View):
    def get(self, request):
        county_scope, error = self.parse(request)
        towns = queries.town_choices(request.user, county_scope)
        scope, town = queries.scope_for_town(county_scope, request.GET.get("town"), towns)
        figures = queries.figures(scope, with_previous=True)
        context = self.base_context(request, scope, error)
        town_figures = queries.town_figures(scope, towns) if queries.shows_towns(scope) else None
        charts = queries.chart_data(scope, generation=figures.generation)
        context.update(
            {
                "figures": figures,
                "headlines": figures.headlines(),
                "charts": [*charts, town_figures["chart"]] if town_figures else charts,
                "question_figures": queries.question_figure_rows(charts),
                "towns": towns,
                "town": town,
                "town_figures": town_figures,
                "can_refresh": can_refresh_snapshots(request.user, scope.division),
                "job": self.job_in_request(request),
                "show_divisions": not request.user.is_org_user,
                "own_organizations": queries.organization_names(county_scope),
            }
        )
        return render(request, "reports/dashboard.html", context, status=400 if error else 200)


class ReportView(ReplicaReadsMixin, FiguresMixin, StaffOrOfficialMixin, View):
    def get(self, request):
        scope, error = self.parse(request)
        figures = queries.figures(scope)
        context = self.base_context(request, scope, error)
        town_figures = (
            queries.town_figures(scope, queries.town_choices(request.user, scope))
            if queries.shows_towns(scope)
            else None
        )
        context.update(
            {
                "figures": figures,
                "title": narrative.report_title(scope.division),
                "sections": narrative.build(figures),
                "town_figures": town_figures,
                "charts": [town_figures["chart"]] if town_figures else [],
                "files": queries.report_files_for(request.user, scope.division)[:20],
                "job": self.job_in_request(request),
                "show_divisions": True,
            }
        )
        return render(request, "reports/report.html", context, status=400 if error else 200)


class ReportXlsxView(ReplicaReadsMixin, FiguresMixin, StaffOrOfficialMixin, View):
    def get(self, request):
        scope, error = self.parse(request)
        if error:
            return render(request, "reports/bad_period.html", {"error": error}, status=400)
        return xlsx.report_response(queries.figures(scope))


class JobStartView(FiguresMixin, RecordActionView):
    """A POST that starts a background job for the scope in the query string and returns to
    ``page``, which shows the job's progress; a bad period is answered with 400."""

    page = ""

    def get_object(self):
        self.scope, self.period_error = self.parse(self.request)
        return None

    def start(self, scope):
        raise NotImplementedError

    def queued_message(self) -> str:
        raise NotImplementedError

    def perform(self, record):
        if self.period_error:
            raise ValidationError(self.period_error)
        job = self.start(self.scope)
        job.refresh_from_db(fields=["status", "message"])
        return job

    def refuse(self, record, error):
        if not self.period_error:
            raise error
        return render(self.request, "reports/bad_period.html", {"error": self.period_error}, status=400)

    def get_success_message(self, record, result) -> str:
        if result.status == result.Status.FAILED:  # it could not even be queued
            messages.error(self.request, result.message)
        else:
            messages.info(self.request, self.queued_message())
        return ""

    def success_url_for(self, record, result) -> str:
        scope = self.scope
        query = urlencode({"division": scope.division.code, **queries.period_params(scope.period), "job": result.pk})
        return f"{reverse(self.page)}?{query}"


class ReportPdfView(StaffOrOfficialMixin, JobStartView):
    """POST: queue the PDF; the report page then shows the job's progress and the download."""

    page = "reports:report"

    def start(self, scope):
        try:
            return actions.report_pdf_start(user=self.request.user, scope=scope)
        except PermissionDenied as exc:
            raise Http404 from exc

    def queued_message(self) -> str:
        return _("The PDF is being prepared; it will be offered for download here.")


class RefreshView(StaffRequiredMixin, JobStartView):
    page = "reports:dashboard"

    def start(self, scope):
        periods = [*current_periods(), ALL]
        if scope.period.key not in {period.key for period in periods}:
            periods.append(scope.period)
        return actions.snapshot_refresh_start(user=self.request.user, division=scope.division, periods=periods)

    def queued_message(self) -> str:
        return _("The figures are being computed.")


class ReportFileListView(StaffOrOfficialMixin, View):
    def get(self, request):
        files = queries.report_files_for(request.user)[:200]
        return render(request, "reports/file_list.html", {"files": files})


class ReportFileDownloadView(StaffOrOfficialMixin, View):
    def get(self, request, pk: int):
        report = get_visible_or_404(ReportFile.objects.visible_to(request.user).select_related("division"), pk=pk)
        response = serve_private_file(report.file, report.filename)
        response["Content-Disposition"] = response["Content-Disposition"].replace("inline", "attachment")
        return response
