import datetime
from decimal import Decimal

import pytest

from services.actions import contracts_check_progress, delivery_confirm
from services.models import ContractTarget, DeliverableKind, Delivery
from services.queries import contract_progress, elapsed
from wangcang.models import Notification

from .factories import (
    AdviserPostingFactory,
    ContractFactory,
    ContractTargetFactory,
    DeliveryFactory,
    LegalAidCaseFactory,
    kind,
)

pytestmark = pytest.mark.django_db

MID_YEAR = datetime.date(2023, 7, 1)  # day 182 of 365


def test_elapsed_counts_both_ends_and_clamps():
    contract = ContractFactory.build()
    assert elapsed(contract, datetime.date(2022, 12, 31)) == (0, 365)
    assert elapsed(contract, datetime.date(2023, 1, 1)) == (1, 365)
    assert elapsed(contract, MID_YEAR) == (182, 365)
    assert elapsed(contract, datetime.date(2024, 3, 1)) == (365, 365)


def test_delivered_vs_target_and_expected_by_elapsed_time():
    target = ContractTargetFactory(quantity=120, kind=kind(DeliverableKind.COUNSELLING))
    DeliveryFactory(contract=target.contract, kind=target.kind, quantity=50)
    DeliveryFactory(contract=target.contract, kind=target.kind, quantity=9)
    [item] = contract_progress(target.contract, MID_YEAR)
    assert item.delivered == 59
    assert item.percent == Decimal("49.2")
    # 120 × 182 / 365 = 59.83…
    assert item.expected == Decimal("59.8")
    assert item.behind
    assert item.stage == 2
    DeliveryFactory(contract=target.contract, kind=target.kind, quantity=1)
    [item] = contract_progress(target.contract, MID_YEAR)
    assert item.delivered == 60 and not item.behind


def test_unconfirmed_deliveries_are_shown_but_not_counted():
    target = ContractTargetFactory(quantity=10)
    DeliveryFactory(contract=target.contract, kind=target.kind, quantity=3)
    DeliveryFactory(
        contract=target.contract, kind=target.kind, quantity=4, status=Delivery.Status.UNCONFIRMED, confirmed_at=None
    )
    [item] = contract_progress(target.contract, MID_YEAR)
    assert (item.delivered, item.unconfirmed) == (3, 4)


def test_confirming_moves_progress(staff_user):
    target = ContractTargetFactory(quantity=10)
    delivery = DeliveryFactory(
        contract=target.contract, kind=target.kind, quantity=4, status=Delivery.Status.UNCONFIRMED, confirmed_at=None
    )
    assert contract_progress(target.contract, MID_YEAR)[0].delivered == 0
    delivery_confirm(user=staff_user, delivery=delivery)
    assert contract_progress(target.contract, MID_YEAR)[0].delivered == 4


def test_cases_and_postings_count_towards_their_kinds():
    contract = ContractFactory()
    ContractTargetFactory(contract=contract, kind=kind(DeliverableKind.LEGAL_AID_CASE), quantity=12)
    ContractTargetFactory(contract=contract, kind=kind(DeliverableKind.ADVISER_POSTING), quantity=4)
    LegalAidCaseFactory.create_batch(2, contract=contract)
    LegalAidCaseFactory(contract=contract, status=Delivery.Status.UNCONFIRMED)
    AdviserPostingFactory.create_batch(4, contract=contract)
    progress = {item.kind.code: item for item in contract_progress(contract, MID_YEAR)}
    assert progress["legal_aid_case"].delivered == 2
    assert progress["legal_aid_case"].unconfirmed == 1
    assert progress["adviser_posting"].delivered == 4


def test_behind_schedule_job_flags_and_notifies_once_per_stage(make_user):
    staff = make_user("staff-a")
    make_user("staff-city", division="510800")
    make_user("staff-other-county", division="510822")
    target = ContractTargetFactory(quantity=120, kind=kind(DeliverableKind.COUNSELLING))
    on_track = ContractTargetFactory(contract=target.contract, quantity=2)
    DeliveryFactory(contract=target.contract, kind=on_track.kind, quantity=2)

    first = contracts_check_progress(today=MID_YEAR)
    assert (first.contracts_checked, first.targets_behind, first.notifications_sent) == (1, 1, 2)
    target.refresh_from_db()
    on_track.refresh_from_db()
    assert target.behind_since == MID_YEAR and on_track.behind_since is None
    key = f"contract:{target.contract_id}:behind:counselling:2"
    assert list(Notification.objects.filter(recipient=staff).values_list("key", flat=True)) == [key]

    again = contracts_check_progress(today=MID_YEAR)
    assert again.notifications_sent == 0
    assert Notification.objects.count() == 2
    later_same_stage = contracts_check_progress(today=datetime.date(2023, 6, 20))  # still the 2nd quarter
    assert later_same_stage.notifications_sent == 0
    target.refresh_from_db()
    assert target.behind_since == MID_YEAR  # the first day it was found behind stays

    next_stage = contracts_check_progress(today=datetime.date(2023, 10, 2))
    assert next_stage.notifications_sent == 2


def test_behind_flag_clears_when_deliveries_catch_up(make_user):
    make_user("staff-a")
    target = ContractTargetFactory(quantity=10)
    contracts_check_progress(today=MID_YEAR)
    assert ContractTarget.objects.get(pk=target.pk).behind_since == MID_YEAR
    DeliveryFactory(contract=target.contract, kind=target.kind, quantity=10)
    contracts_check_progress(today=MID_YEAR)
    assert ContractTarget.objects.get(pk=target.pk).behind_since is None


def test_the_beat_task_runs_the_check(make_user):
    from services.tasks import contracts_check_progress_task

    make_user("staff-a")
    ContractTargetFactory(quantity=10, contract=ContractFactory(ends_on=datetime.date(2099, 12, 31)))
    result = contracts_check_progress_task.delay().get()
    assert result["targets_behind"] == 1
    assert contracts_check_progress_task.delay().get()["notifications_sent"] == 0


def test_the_check_is_scheduled_nightly():
    from django_celery_beat.models import PeriodicTask

    from wangcang.schedules import sync

    sync()
    task = PeriodicTask.objects.get(task="services.tasks.contracts_check_progress_task")
    assert (task.crontab.hour, task.crontab.minute) == ("3", "30")
