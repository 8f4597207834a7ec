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
    Indicator,
    Scope,
    chart,
    family,
)

from . import queries

BRAND = "brand"


@family(Indicator("incubator.area_m2", _("Area of incubation spaces"), UNIT_M2, STOCK, BRAND))
def area_figures(scope: Scope) -> dict:
    return {"incubator.area_m2": queries.area_figures(scope)["area_m2"]}


@family(
    Indicator("incubator.residents", _("Organizations resident at the base"), UNIT_ORGS, STOCK, BRAND),
    Indicator("incubator.graduated", _("Organizations graduated"), UNIT_ORGS, FLOW, BRAND),
)
def residency_figures(scope: Scope) -> dict:
    figures = queries.residency_figures(scope)
    return {"incubator.residents": figures["residents"], "incubator.graduated": figures["graduated"]}


@family(Indicator("incubator.admitted", _("Organizations admitted to the base"), UNIT_ORGS, FLOW, BRAND))
def admission_figures(scope: Scope) -> dict:
    return {"incubator.admitted": queries.application_figures(scope)["admitted"]}


@family(
    Indicator("incubator.trainings", _("Training sessions of the base"), UNIT_SESSIONS, FLOW, BRAND),
    Indicator("incubator.trainees", _("Trainee attendances"), UNIT_PERSON_TIMES, FLOW, BRAND),
)
def training_figures(scope: Scope) -> dict:
    figures = queries.training_figures(scope)
    return {"incubator.trainings": figures["trainings"], "incubator.trainees": figures["trainees"]}


@family(Indicator("incubator.exchange_visits", _("Exchange and offshore study visits"), UNIT_TIMES, FLOW, BRAND))
def visit_figures(scope: Scope) -> dict:
    return {"incubator.exchange_visits": queries.visit_figures(scope)["visits"]}


@family(Indicator("incubator.support_amount", _("Support given: waivers valued plus grants"), UNIT_YUAN, FLOW, BRAND))
def support_figures(scope: Scope) -> dict:
    return {"incubator.support_amount": queries.support_figures(scope)["amount"]}


@chart("incubator.pipeline", _("Incubator pipeline"), kind="bar", pillar=BRAND)
def pipeline(scope: Scope) -> dict:
    applications = queries.application_figures(scope)
    residencies = queries.residency_figures(scope)
    return {
        "categories": [str(_("Applied")), str(_("Admitted")), str(_("Resident")), str(_("Graduated"))],
        "series": [
            {
                "name": str(_("Organizations")),
                "data": [
                    applications["applied"],
                    applications["admitted"],
                    residencies["residents"],
                    residencies["graduated"],
                ],
            }
        ],
    }


@chart("incubator.trainings_by_month", _("Trainings by month"), kind="line", pillar=BRAND)
def trainings_by_month(scope: Scope) -> dict:
    rows = queries.trainings_by_month(scope)
    return {
        "categories": [f"{month:%Y-%m}" for month, _trainings, _trainees in rows],
        "series": [
            {"name": str(_("Training sessions")), "data": [trainings for _month, trainings, _trainees in rows]},
            {"name": str(_("Trainee attendances")), "data": [trainees for _month, _trainings, trainees in rows]},
        ],
    }
