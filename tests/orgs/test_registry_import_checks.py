"""The member import's shortcut past the model's field checks: taken only by rows those
checks would pass unchanged; every other row gets the model's checks and their messages.
And rows of different shapes written together (with and without an organization)."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from orgs.importers import MemberImporter
from orgs.models import Member
from tests.orgs.factories import OrganizationFactory, UnionBranchFactory
from tests.orgs.test_registry_import import upload, workbook
from wangcang.imports import RowError
from wangcang.validators import make_id_number

pytestmark = pytest.mark.django_db

EXCLUDE = ["branch", "organization", "id_number", "join_path"]
TODAY = timezone.localdate()
NAMES = ["张三", "名" * 50, "名" * 51]
PHONES = ["", "13812345678", "138 1234 5678", "+8613812345678", "0839-5201234", "12345678901", "1" * 21]
GENDERS = ["", Member.Gender.MALE, "female", "other"]
JOINED = [
    None,
    datetime.date(1900, 1, 1),
    datetime.date(1899, 12, 31),
    TODAY,
    TODAY + datetime.timedelta(days=1),
]


@pytest.fixture
def importer(staff_user):
    importer = MemberImporter(user=staff_user, params={"division": "510821"})
    importer.prepare()
    return importer


def model_checks(cleaned: dict) -> tuple[bool, str]:
    """(passes, phone as the model's checks leave it)."""
    member = Member(**{key: value for key, value in cleaned.items() if value is not None})
    try:
        member.clean_fields(exclude=EXCLUDE)
    except ValidationError:
        return False, member.phone
    return True, member.phone


def test_the_shortcut_is_taken_only_where_the_model_checks_pass_and_change_nothing(importer):
    taken = 0
    for name, phone, gender, joined_on in itertools.product(NAMES, PHONES, GENDERS, JOINED):
        cleaned = {"name": name, "phone": phone, "gender": gender, "branch_id": 1, "join_path": "own"}
        cleaned["joined_on"] = joined_on
        if importer.passes_field_checks(cleaned):
            taken += 1
            assert model_checks(cleaned) == (True, phone), cleaned
    assert taken == 2 * 2 * 3 * 3  # two names, two phones, three genders, three dates


def test_rows_outside_the_shortcut_get_the_model_checks(importer):
    branch = UnionBranchFactory(name="检查协会工会")
    importer.prepare()  # the branch is known now
    row = {"name": "张三", "id_number": "11010519491231002X", "branch": branch.name, "join_path": "点"}
    # A landline is normalised by the model's check, as before.
    assert importer.check_row(row | {"phone": "0839 5201234"})["phone"] == "08395201234"
    future = (TODAY + datetime.timedelta(days=1)).isoformat()
    with pytest.raises(RowError) as info:
        importer.check_row(row | {"id_number": "110105194912310038", "joined_on": future})
    assert [header for header, _message in info.value.errors] == [str(MemberImporter.columns[7].header)]


def test_members_with_and_without_an_organization_are_written_in_one_batch(
    staff_client, staff_user, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory()
    UnionBranchFactory(organization=organization, name="混合协会工会")
    headers = [str(column.header) for column in MemberImporter.columns]
    rows = [
        ["张三", make_id_number(1), "男", "13812345678", organization.uscc, "混合协会工会", "点", "2021-01-01"],
        ["李四", make_id_number(2), "", "", "", "混合协会工会", "点", ""],
        ["王五", make_id_number(3), "女", "0839 5201234", organization.uscc, "混合协会工会", "点", ""],
    ]
    job = upload(staff_client, "members", workbook(headers, rows), django_capture_on_commit_callbacks)
    assert job.result["imported"] == 3
    stored = {member.name: member for member in Member.objects.all()}
    assert stored["张三"].organization_id == stored["王五"].organization_id == organization.pk
    assert stored["李四"].organization_id is None and stored["李四"].joined_on is None
    assert stored["王五"].phone == "08395201234"
    created = Member.history.filter(history_type="+")
    assert sorted(created.values_list("name", flat=True)) == sorted(stored)
    assert set(created.values_list("history_user", flat=True)) == {staff_user.pk}
