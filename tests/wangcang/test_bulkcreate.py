"""Records and their history rows written as plain values (wangcang.bulkcreate): the same
records and the same history rows as django-simple-history's bulk_create_with_history, on
SQLite through bulk_create and on PostgreSQL through COPY (run with DATABASE_URL)."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from orgs.models import Member
from tests.orgs.factories import OrganizationFactory, TownFactory, UnionBranchFactory
from wangcang.bulkcreate import CopySource, create_with_history, history_rows, record_columns
from wangcang.freshness import division_codes, mark_rows_changed, row_division_codes
from wangcang.models import Division, SavedFilter
from wangcang.validators import make_id_number

pytestmark = pytest.mark.django_db

HISTORY_ONLY = {"history_id", "history_date"}


def member_rows(branch, serials) -> list[dict]:
    """Rows as an import spools them: some columns left out, names with the characters COPY escapes."""
    rows = []
    for serial in serials:
        row = {
            "name": f"成员{serial}",
            "id_number": make_id_number(serial),
            "gender": Member.Gender.FEMALE if serial % 2 else "",
            "phone": "13812345678" if serial % 3 else "",
            "branch_id": branch.pk,
            "join_path": Member.JoinPath.OWN,
            "joined_on": date(2021, 3, 1) if serial % 2 else None,
        }
        if serial % 4 == 0:
            row["organization_id"] = branch.organization_id
        rows.append(row)
    rows[0]["name"] = "反斜杠\\制表\t换行\n回车\r结束"
    return rows


def values(queryset, exclude: set[str]) -> list[dict]:
    return [{key: value for key, value in row.items() if key not in exclude} for row in queryset.values()]


def test_the_records_and_history_rows_are_the_ones_simple_history_writes(staff_user):
    branch = UnionBranchFactory()
    before = timezone.now()
    with transaction.atomic():
        ids = create_with_history(Member, member_rows(branch, range(1, 6)), user=staff_user)
    after = timezone.now()
    # The same people a second time: other ID numbers (the first ones are current members).
    same_rows = [
        row | {"id_number": make_id_number(serial + 100)}
        for serial, row in enumerate(member_rows(branch, range(1, 6)), start=1)
    ]
    with transaction.atomic():
        reference = bulk_create_with_history([Member(**row) for row in same_rows], Member, default_user=staff_user)
    reference_ids = [member.pk for member in reference]
    ours = Member.objects.filter(pk__in=ids).order_by("pk")
    theirs = Member.objects.filter(pk__in=reference_ids).order_by("pk")
    assert values(ours, {"id", "id_number"}) == values(theirs, {"id", "id_number"})
    assert ours.first().name == "反斜杠\\制表\t换行\n回车\r结束"

    ours_history = Member.history.filter(id__in=ids).order_by("id")
    theirs_history = Member.history.filter(id__in=reference_ids).order_by("id")
    assert values(ours_history, HISTORY_ONLY | {"id"}) == values(theirs_history, HISTORY_ONLY | {"id"})
    assert list(ours_history.values_list("id", flat=True)) == ids
    assert {row.history_type for row in ours_history} == {"+"}
    assert {row.history_user_id for row in ours_history} == {staff_user.pk}
    assert {row.history_change_reason for row in ours_history} == {None}
    assert all(before <= row.history_date <= after for row in ours_history)


def test_the_ids_follow_the_rows_and_later_records_take_the_next_ones(staff_user):
    branch = UnionBranchFactory()
    rows = member_rows(branch, range(10, 20))
    ids = create_with_history(Member, rows, user=staff_user)
    assert ids == sorted(ids) and len(set(ids)) == len(rows)
    stored = dict(Member.objects.filter(pk__in=ids).values_list("pk", "id_number"))
    assert [stored[pk] for pk in ids] == [row["id_number"] for row in rows]
    # The sequence moved on: a record saved one by one does not take an id of the batch.
    later = Member.objects.create(name="之后", id_number=make_id_number(30), branch=branch, join_path="own")
    assert later.pk > max(ids)


def test_history_rows_carry_the_tracked_fields_the_user_and_the_time(staff_user):
    when = timezone.now()
    record = {"id": 7, "name": "张三", "id_number": make_id_number(1), "phone": "", "gender": "male"}
    record |= {"organization_id": None, "branch_id": 3, "join_path": "own", "joined_on": None, "left_on": None}
    (row,) = history_rows(Member, [record], user=staff_user, when=when)
    assert "id_number" not in row  # excluded from Member's history
    assert row == {
        **{key: value for key, value in record.items() if key != "id_number"},
        "history_date": when,
        "history_change_reason": None,
        "history_type": "+",
        "history_user_id": staff_user.pk,
    }


def test_a_unique_clash_refuses_the_batch_and_writes_nothing(staff_user):
    branch = UnionBranchFactory()
    rows = member_rows(branch, range(1, 4))
    Member.objects.create(name="已登记", id_number=rows[2]["id_number"], branch=branch, join_path="own")
    with pytest.raises(IntegrityError), transaction.atomic():
        create_with_history(Member, rows, user=staff_user)
    assert Member.objects.count() == 1
    assert Member.history.filter(history_type="+").count() == 1  # the one saved before


def test_a_model_with_values_set_on_save_is_refused():
    with pytest.raises(ValueError, match="set on save"):
        record_columns(SavedFilter)


def test_the_divisions_of_the_written_records_are_marked_changed(staff_user):
    branch = UnionBranchFactory()
    rows = member_rows(branch, range(1, 3))
    create_with_history(Member, rows, user=staff_user)
    generation = Division.objects.get(code="510821").figures_generation
    mark_rows_changed(Member, rows)
    assert Division.objects.get(code="510821").figures_generation == generation + 1


def test_the_divisions_found_from_the_rows_are_the_ones_found_from_the_records(staff_user):
    """Every path from a member to a division (its organization's, its town's, its
    branch's, its branch's organization's), read from the foreign keys' targets."""
    first, second, third = Division.objects.exclude(code="510821").order_by("code").values_list("code", flat=True)[:3]
    organization = OrganizationFactory(division_id=first, town=TownFactory(division_id=second))
    branch = UnionBranchFactory(
        division_id="510821", town=TownFactory(division_id=third), organization=OrganizationFactory()
    )
    rows = member_rows(branch, range(1, 5))
    rows[1]["organization_id"] = organization.pk
    ids = create_with_history(Member, rows, user=staff_user)
    expected = division_codes(Member, ids)
    assert {first, second, third, "510821"} <= expected
    assert row_division_codes(Member, rows) == expected
    assert row_division_codes(Member, rows[2:3]) == division_codes(Member, ids[2:3])


def test_the_divisions_of_targets_already_read_are_not_read_again(staff_user, django_assert_num_queries):
    branch = UnionBranchFactory()
    rows = member_rows(branch, range(1, 9))
    known: dict = {}
    with django_assert_num_queries(2):  # the organizations, the branches
        first = row_division_codes(Member, rows[:4], known)
    with django_assert_num_queries(0):
        again = row_division_codes(Member, rows[4:], known)
    assert first == again == row_division_codes(Member, rows)


def test_the_copy_source_gives_the_lines_whole_in_pieces_of_any_size():
    lines = [f"成员{serial}\t{serial}\n" for serial in range(500)]
    for size in (1, 7, 64, 10_000, -1):
        source = CopySource(iter(lines))
        pieces = []
        while piece := source.read(size):
            assert size < 0 or len(piece) <= size
            pieces.append(piece)
        assert "".join(pieces) == "".join(lines)


def test_a_batch_larger_than_one_read_of_the_driver_is_written_whole(staff_user):
    branch = UnionBranchFactory()
    rows = member_rows(branch, range(1, 3001))  # about 300 KB of COPY text
    ids = create_with_history(Member, rows, user=staff_user)
    assert Member.objects.filter(pk__in=ids).count() == 3000
    assert Member.history.filter(id__in=ids, history_type="+").count() == 3000
    last = Member.objects.get(pk=ids[-1])
    assert (last.name, last.id_number) == (rows[-1]["name"], rows[-1]["id_number"])


def test_rows_may_leave_out_different_columns(staff_user):
    branch = UnionBranchFactory()
    rows = member_rows(branch, range(4, 7))  # the first with an organization, the others without
    assert "organization_id" in rows[0] and "organization_id" not in rows[1]
    del rows[2]["joined_on"]
    ids = create_with_history(Member, rows, user=staff_user)
    stored = Member.objects.in_bulk(ids)
    assert [stored[pk].organization_id for pk in ids] == [branch.organization_id, None, None]
    assert stored[ids[2]].joined_on is None
