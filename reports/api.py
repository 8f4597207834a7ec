"""``GET /api/v1/reports/indicators/?division=510821&period=2022``: the catalogue's
figures for a division and period, as DESIGN.md defines the answer."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, viewsets
from rest_framework.response import Response

from wangcang.periods import PeriodError, parse_period

from . import queries

IndicatorsAnswer = inline_serializer(
    "IndicatorsAnswer",
    {
        "division": serializers.CharField(),
        "period": inline_serializer(
            "IndicatorPeriod",
            {
                "key": serializers.CharField(),
                "kind": serializers.CharField(),
                "start": serializers.DateField(allow_null=True),
                "end": serializers.DateField(allow_null=True),
                "stock_date": serializers.DateField(),
                "label": serializers.CharField(),
            },
        ),
        "computed_at": serializers.DateTimeField(allow_null=True),
        "indicators": serializers.ListField(
            child=inline_serializer(
                "IndicatorValue",
                {
                    "code": serializers.CharField(),
                    "label": serializers.CharField(),
                    "value": serializers.FloatField(),
                    "unit": serializers.CharField(),
                    "kind": serializers.CharField(),
                    "pillar": serializers.CharField(),
                },
            )
        ),
    },
)


class ObjectAnswerSchema(AutoSchema):
    """``list`` here answers one object (the catalogue), not a list of records."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class IndicatorViewSet(viewsets.ViewSet):
    """The indicator catalogue computed for one division (and everything below it) and
    one period. Organization users get their own organizations' figures only."""

    permission_classes = [permissions.IsAuthenticated]
    schema = ObjectAnswerSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("division", OpenApiTypes.STR, description="Six-digit division code, e.g. 510821"),
            OpenApiParameter("period", OpenApiTypes.STR, description="2022, 2022-Q3, 2022-05, all"),
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("organization", OpenApiTypes.INT),
        ],
        responses=IndicatorsAnswer,
    )
    def list(self, request):
        params = request.query_params
        try:
            period = parse_period(params.get("period"), start=params.get("start"), end=params.get("end"))
        except PeriodError as exc:
            raise serializers.ValidationError({"period": [str(exc)]}) from exc
        scope = queries.scope_for(
            request.user, division=params.get("division"), period=period, organization=params.get("organization")
        )
        figures = queries.figures(scope)
        return Response(
            {
                "division": scope.division.code,
                "period": period.as_dict(),
                "computed_at": figures.computed_at,
                "indicators": [
                    {
                        "code": item.code,
                        "label": str(item.label),
                        "value": queries.json_value(figures.value(item.code)),
                        "unit": str(item.unit),
                        "kind": item.kind,
                        "pillar": item.pillar,
                    }
                    for item in figures.indicators
                ],
            }
        )


def register(router) -> None:
    """Add this app's resources to the /api/v1/ router."""
    router.register("reports/indicators", IndicatorViewSet, basename="report-indicators")
