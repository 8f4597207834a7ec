"""The Wangcang demo data reproduces the source document's figures through the catalogue
(division 510821, period ``all``). A code not yet in the catalogue is skipped."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from reports import catalogue
from reports.catalogue import Scope
from wangcang.models import Division
from wangcang.periods import ALL

# Exact figures of FIGURES.md; None where the value is "as built" (then only checked positive).
EXPECTED = {
    "orgs.total": 147,
    "orgs.with_party": 147,
    "orgs.with_union": 147,
    "orgs.co_construction": 147,
    "orgs.co_construction_rate": Decimal("100.0"),
    "unions.branches": None,
    "unions.members": None,
    "unions.individual_joins": 178,
    "unions.industry_covered_orgs": 28,
    "incubator.area_m2": 6103,
    "incubator.residents": None,
    "incubator.admitted": 28,
    "incubator.graduated": 11,
    "incubator.trainings": 23,
    "incubator.trainees": 1196,
    "incubator.exchange_visits": None,
    "incubator.support_amount": None,
    "cohesion.joint_meetings": 3,
    "cohesion.issues_raised": None,
    "cohesion.issues_resolved": 12,
    "cohesion.committee_seats": 5,
    "cohesion.secondments": 2,
    "funds.matching_amount": None,
    "funds.mutual_aid_amount": None,
    "funds.student_aid_students": 83,
    "funds.student_aid_amount": Decimal("198500.00"),
    "funds.subsidy_amount": Decimal("98600.00"),
    "funds.assistance_households": 120,
    "funds.assistance_persons": 483,
    "services.contracts": None,
    "services.contract_amount": None,
    "services.legal_advisers": 4,
    "services.legal_trainings": 7,
    "services.consultations": 2046,
    "services.trainings": None,
    "services.legal_aid_cases": 12,
    "services.recovered_amount": Decimal("98700.00"),
    "services.surgeries": 2300,
    "services.counselling_sessions": 124,
    "services.contests": 3,
    "services.beneficiaries": None,
}


@pytest.fixture(scope="module")
def demo_values(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            from wangcang.divisions import ensure_divisions

            ensure_divisions()
            call_command("load_demo", "--quiet-logins")
            values = catalogue.compute(Scope(division=Division.objects.get(code="510821"), period=ALL))
            transaction.set_rollback(True)
    return values


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(EXPECTED))
def test_demo_figure_equals_the_source_document(demo_values, code):
    if code not in {item.code for item in catalogue.catalogue()}:
        pytest.skip(f"{code} is not in the catalogue")
    expected = EXPECTED[code]
    if expected is None:
        assert demo_values[code] > 0
    else:
        assert demo_values[code] == expected


@pytest.mark.django_db
def test_the_rules_between_figures_hold(demo_values):
    codes = {item.code for item in catalogue.catalogue()}
    if "unions.members" in codes:
        assert demo_values["unions.members"] >= 586 + 178
    if {"cohesion.issues_raised", "cohesion.issues_resolved"} <= codes:
        assert demo_values["cohesion.issues_raised"] >= demo_values["cohesion.issues_resolved"]
    if {"funds.assistance_persons", "funds.assistance_households"} <= codes:
        assert demo_values["funds.assistance_persons"] >= demo_values["funds.assistance_households"]


@pytest.mark.django_db
def test_demo_report_opens_with_the_documents_first_sentence(demo_values):
    from reports import narrative
    from reports.queries import Figures

    if not {"orgs.total", "orgs.co_construction"} <= {item.code for item in catalogue.catalogue()}:
        pytest.skip("the registry's figures are not in the catalogue")
    figures = Figures(
        scope=Scope(division=Division(code="510821", name="旺苍县", level="county"), period=ALL), values=demo_values
    )
    sections = narrative.build(figures, details=False)
    assert "全县147个社会组织均实现“党工共建”。" in sections[0].paragraph
