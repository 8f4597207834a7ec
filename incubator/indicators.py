"""Indicator families of the incubation base (see wangcang.catalogue)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wangcang.catalogue import (
    FLOW,
    STOCK,
    UNIT_M2,
    UNIT_ORGS,
    UNIT_PERSON_TIMES,
    UNIT_SESSIONS,
    UNIT_TIMES,
    UNIT_YUAN,
    Grouping,
    Indicator,
    Scope,
    grouped_chart,
    grouped_family,
)

from . import queries

BRAND = "brand"


@grouped_family(Indicator("incubator.area_m2", _("Area of incubation spaces"), UNIT_M2, STOCK, BRAND))
def area_figures(target: Scope | Grouping) -> dict:
    return {key: {"incubator.area_m2": row["area_m2"]} for key, row in queries.area_rows(target).items()}


@grouped_family(
    Indicator("incubator.residents", _("Organizations resident at the base"), UNIT_ORGS, STOCK, BRAND),
    Indicator("incubator.graduated", _("Organizations graduated"), UNIT_ORGS, FLOW, BRAND),
)
def residency_figures(target: Scope | Grouping) -> dict:
    return {
        key: {"incubator.residents": row["residents"], "incubator.graduated": row["graduated"]}
        for key, row in queries.residency_rows(target).items()
    }


@grouped_family(Indicator("incubator.admitted", _("Organizations admitted to the base"), UNIT_ORGS, FLOW, BRAND))
def admission_figures(target: Scope | Grouping) -> dict:
    return {key: {"incubator.admitted": row["admitted"]} for key, row in queries.application_rows(target).items()}


@grouped_family(
    Indicator("incubator.trainings", _("Training sessions of the base"), UNIT_SESSIONS, FLOW, BRAND),
    Indicator("incubator.trainees", _("Trainee attendances"), UNIT_PERSON_TIMES, FLOW, BRAND),
)
def training_figures(target: Scope | Grouping) -> dict:
    return {
        key: {"incubator.trainings": row["trainings"], "incubator.trainees": row["trainees"]}
        for key, row in queries.training_rows(target).items()
    }


@grouped_family(
    Indicator("incubator.exchange_visits", _("Exchange and offshore study visits"), UNIT_TIMES, FLOW, BRAND)
)
def visit_figures(target: Scope | Grouping) -> dict:
    return {key: {"incubator.exchange_visits": row["visits"]} for key, row in queries.visit_rows(target).items()}


@grouped_family(
    Indicator("incubator.support_amount", _("Support given: waivers valued plus grants"), UNIT_YUAN, FLOW, BRAND)
)
def support_figures(target: Scope | Grouping) -> dict:
    return {key: {"incubator.support_amount": row["amount"]} for key, row in queries.support_rows(target).items()}


@grouped_chart("incubator.pipeline", _("Incubator pipeline"), kind="bar", pillar=BRAND)
def pipeline(target: Scope | Grouping) -> dict:
    applications = queries.application_rows(target)
    residencies = queries.residency_rows(target)
    return {
        key: {
            "categories": [_("Applied"), _("Admitted"), _("Resident"), _("Graduated")],
            "series": [
                {
                    "name": _("Organizations"),
                    "data": [
                        applications[key]["applied"],
                        applications[key]["admitted"],
                        residencies[key]["residents"],
                        residencies[key]["graduated"],
                    ],
                }
            ],
        }
        for key in applications
    }


@grouped_chart("incubator.trainings_by_month", _("Trainings by month"), kind="line", pillar=BRAND)
def trainings_by_month(target: Scope | Grouping) -> dict:
    return {
        key: {
            "categories": [f"{month:%Y-%m}" for month, _trainings, _trainees in rows],
            "series": [
                {"name": _("Training sessions"), "data": [trainings for _month, trainings, _trainees in rows]},
                {"name": _("Trainee attendances"), "data": [trainees for _month, _trainings, trainees in rows]},
            ],
        }
        for key, rows in queries.trainings_by_month(target).items()
    }
