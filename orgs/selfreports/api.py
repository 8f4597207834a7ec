"""``/api/v1/self-reports/``: scoped like the pages; the organization edits its draft with
PATCH, and the submit/return/accept transitions are actions calling the same rules."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.response import Response

from orgs.models import (
    Organization,
    ReportingRound,
    RoundQuestion,
    SelfReport,
    SelfReportAnswer,
    SelfReportProblem,
    Town,
)
from wangcang.api import ScopedRelationsMixin, ScopedViewSetMixin, VersionedUpdateMixin

from . import actions
from .filters import SelfReportApiFilter


class ProblemSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    class Meta:
        model = SelfReportProblem
        fields = ["id", "text"]


class AnswerSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="question.label", read_only=True)
    kind = serializers.CharField(source="question.kind", read_only=True)
    value = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = SelfReportAnswer
        fields = ["question", "label", "kind", "value", "file_url"]

    def get_value(self, answer) -> str | None:
        """The answer as text: numbers exact (no float), dates ISO, a file's name."""
        return None if answer.is_empty else answer.shown()

    def get_file_url(self, answer) -> str | None:
        return answer.get_absolute_url() if answer.file else None


class SelfReportSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    round_title = serializers.CharField(source="round.title", read_only=True)
    period_start = serializers.DateField(source="round.period_start", read_only=True)
    period_end = serializers.DateField(source="round.period_end", read_only=True)
    due_on = serializers.DateField(source="round.due_on", read_only=True)
    problems = serializers.ListField(child=serializers.CharField(max_length=2000), required=False, write_only=True)
    problem_items = ProblemSerializer(source="problems", many=True, read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    answer_values = serializers.DictField(
        child=serializers.CharField(allow_blank=True, allow_null=True),
        required=False,
        write_only=True,
        help_text="Answers to the round's questions: question id → value (not files).",
    )

    class Meta:
        model = SelfReport
        fields = [
            "id",
            "round",
            "round_title",
            "period_start",
            "period_end",
            "due_on",
            "organization",
            "organization_name",
            "status",
            *SelfReport.FIGURE_FIELDS,
            "problems",
            "problem_items",
            "answers",
            "answer_values",
            "staff_comment",
            "field_comments",
            "saved_at",
            "submitted_at",
            "returned_at",
            "accepted_at",
        ]
        read_only_fields = [
            "round",
            "organization",
            "status",
            "staff_comment",
            "field_comments",
            "saved_at",
            "submitted_at",
            "returned_at",
            "accepted_at",
        ]


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    field_comments = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)


def _call(func, **kwargs):
    try:
        return func(**kwargs)
    except PermissionDenied as exc:
        raise ApiPermissionDenied(str(exc) or _("You may not do this.")) from exc


class SelfReportViewSet(
    ScopedViewSetMixin,
    VersionedUpdateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = SelfReport.objects.all()
    serializer_class = SelfReportSerializer
    filterset_class = SelfReportApiFilter
    search_fields = ["organization__name"]
    ordering_fields = ["submitted_at", "organization__name", "round__period_start"]

    def get_base_queryset(self):
        return SelfReport.objects.select_related("organization", "round").prefetch_related(
            "problems", Prefetch("answers", queryset=SelfReportAnswer.objects.select_related("question"))
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        figures = {name: data[name] for name in SelfReport.FIGURE_FIELDS if name in data}
        answers = {}
        for key, value in data.get("answer_values", {}).items():
            question = (
                RoundQuestion.objects.filter(round_id=serializer.instance.round_id, pk=key).first()
                if str(key).isdigit()
                else None
            )
            if question is None or question.kind == RoundQuestion.Kind.FILE:
                raise ValidationError(
                    {
                        "answer_values": _("No such question in this round (files are uploaded on the page): %(key)s")
                        % {"key": key}
                    }
                )
            answers[question] = value
        serializer.instance = _call(
            actions.self_report_save_draft,
            user=self.request.user,
            self_report=serializer.instance,
            figures=figures,
            problems=data.get("problems"),
            answers=answers,
        )

    def _answer(self, report, code=status.HTTP_200_OK):
        fresh = self.get_base_queryset().get(pk=report.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = _call(actions.self_report_submit, user=request.user, self_report=self.get_object())
        return self._answer(report)

    @action(detail=True, methods=["post"], url_path="return", serializer_class=ReturnSerializer)
    def return_(self, request, pk=None):
        report = self.get_object()
        payload = ReturnSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = _call(
            actions.self_report_return,
            user=request.user,
            self_report=report,
            comment=payload.validated_data["comment"],
            field_comments=payload.validated_data["field_comments"],
        )
        return Response(SelfReportSerializer(self.get_base_queryset().get(pk=report.pk)).data)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        report = _call(actions.self_report_accept, user=request.user, self_report=self.get_object())
        return self._answer(report)


class ReportingRoundSerializer(ScopedRelationsMixin, serializers.ModelSerializer):
    period = serializers.CharField(write_only=True, help_text="2022 or 2022-Q3.")
    towns = serializers.PrimaryKeyRelatedField(
        queryset=Town.objects.all(), many=True, required=False, write_only=True, help_text="Only these towns."
    )
    industries = serializers.ListField(
        child=serializers.ChoiceField(choices=Organization.Industry.choices), required=False, write_only=True
    )
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=Organization.Kind.choices), required=False, write_only=True
    )
    report_count = serializers.SerializerMethodField()

    class Meta:
        model = ReportingRound
        fields = [
            "id",
            "title",
            "division",
            "period",
            "period_key",
            "period_start",
            "period_end",
            "due_on",
            "applies_to",
            "towns",
            "industries",
            "kinds",
            "report_count",
        ]
        read_only_fields = ["division", "period_key", "period_start", "period_end"]
        validators = []

    def get_report_count(self, reporting_round) -> int:
        counted = getattr(reporting_round, "counted_reports", None)
        return reporting_round.self_reports.count() if counted is None else counted


class ReportingRoundViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Self-report rounds. Staff open one (``POST``): one empty draft per active social
    organization of their division it applies to (narrowed by town, industry or kind)."""

    queryset = ReportingRound.objects.all()
    serializer_class = ReportingRoundSerializer

    def get_queryset(self):
        return (
            ReportingRound.objects.visible_to(self.request.user)
            .annotate(counted_reports=Count("self_reports"))
            .order_by("-period_start", "-pk")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        try:
            serializer.instance = self._open(user, data)
        except ValidationError as exc:
            # The action names its own field; the request's field is ``period``.
            if hasattr(exc, "error_dict") and "period_key" in exc.error_dict:
                raise ValidationError({"period": exc.error_dict["period_key"]}) from exc
            raise

    def _open(self, user, data):
        return _call(
            actions.round_open,
            user=user,
            division=user.division,
            title=data["title"],
            period=data["period"],
            due_on=data["due_on"],
            towns=[town.pk for town in data.get("towns", [])],
            industries=data.get("industries", []),
            kinds=data.get("kinds", []),
            applies_to=data.get("applies_to", ""),
        )


def register(router) -> None:
    """Add this part's resources to the /api/v1/ router."""
    router.register("self-reports", SelfReportViewSet, basename="self-report")
    router.register("self-report-rounds", ReportingRoundViewSet, basename="self-report-round")
