"""The shared checks of wangcang.validators: ID numbers of every generation, phones, and the
date rules every model applies in full_clean."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from tests.orgs.factories import real_id_number
from wangcang.validators import PlausibleValuesMixin, clean_id_number, clean_phone

SICHUAN_REGIONS = ["510821", "510802", "510104", "511002", "513401", "510811", "511324", "513229"]
BIRTH_YEARS = [1935, 1949, 1958, 1966, 1972, 1980, 1984, 1985, 1991, 2003, 2010]


def refused(value, check=clean_id_number) -> ValidationError:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
        check(value)
    return info.value


def test_the_helper_agrees_with_the_standard_example():
    # GB 11643-1999's own example: 11010519491231002X.
    assert real_id_number("110105", datetime.date(1949, 12, 31), "002") == "11010519491231002X"


@pytest.mark.parametrize("region", SICHUAN_REGIONS)
@pytest.mark.parametrize("year", BIRTH_YEARS)
def test_real_id_numbers_of_every_generation_are_accepted(region, year):
    # 510821 dates from 1985 and python-stdnum's dated table refused every older holder.
    number = real_id_number(region, datetime.date(year, 3, 15 if year % 2 else 28))
    assert clean_id_number(number) == number
    assert clean_id_number(number.lower() if number.endswith("X") else f" {number} ") == number


@pytest.mark.parametrize("region", SICHUAN_REGIONS[:5])
def test_every_wrong_check_character_is_refused(region):
    number = real_id_number(region, datetime.date(1950, 6, 1))
    for wrong in "0123456789X":
        if wrong == number[-1]:
            continue
        error = refused(number[:-1] + wrong)
        assert error.code == "checksum" and "校验码" in error.messages[0]


def test_implausible_birth_dates_and_regions_are_refused_in_chinese():
    today = timezone.localdate()
    error = refused(real_id_number("510821", datetime.date(1899, 12, 31)))
    assert error.code == "birth_date" and "早于1900年" in error.messages[0]
    error = refused(real_id_number("510821", today + datetime.timedelta(days=1)))
    assert error.code == "birth_date" and "晚于今天" in error.messages[0]
    error = refused(real_id_number("510821", datetime.date(1950, 1, 1)).replace("19500101", "19500230"))
    assert error.code in {"checksum", "birth_date"}
    body = "51082119500230001"
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(body))
    error = refused(body + "10X98765432"[total % 11])
    assert error.code == "birth_date" and "不是真实存在的日期" in error.messages[0]
    for region in ("990821", "000821", "200821", "720000"):
        error = refused(real_id_number(region, datetime.date(1950, 1, 1)))
        assert error.code == "region" and "省级行政区" in error.messages[0], region
    for region in ("510021", "519921", "517521"):
        error = refused(real_id_number(region, datetime.date(1950, 1, 1)))
        assert error.code == "region" and "四川省的任何地级行政区" in error.messages[0], region
    # Province-administered county-level units (prefecture 90) exist: 429004 仙桃市.
    assert clean_id_number(real_id_number("429004", datetime.date(1970, 1, 1)))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+8619912345678", "19912345678"),
        ("0839-5201234", "0839-5201234"),
        ("08395201234", "08395201234"),
        ("028-85123456", "028-85123456"),
        ("0839-5201234-801", "0839-5201234-801"),
        ("0839-5201234转801", "0839-5201234转801"),
        ("", ""),
    ],
)
def test_phones_accepted(typed, stored):
    assert clean_phone(typed) == stored


@pytest.mark.parametrize(
    "typed", ["not-a-phone", "12345678901", "1381234567", "5201234", "839-5201234", "138123456789"]
)
def test_phones_refused_in_chinese(typed):
    error = refused(typed, clean_phone)
    assert error.code == "phone" and "不是有效的电话号码" in error.messages[0] and typed in error.messages[0]


def plausible_models():
    return sorted(
        (model for model in apps.get_models() if issubclass(model, PlausibleValuesMixin)), key=lambda m: m._meta.label
    )


def only(model, *names):
    """The names of every other field, to exclude from clean_fields."""
    return [field.name for field in model._meta.get_fields() if field.concrete and field.name not in names]


def errors_of(instance, *names) -> dict:
    with translation.override("zh-hans"):
        try:
            instance.clean_fields(exclude=only(type(instance), *names))
        except ValidationError as exc:
            return exc.message_dict
    return {}


PAIRS = [(model, start, end) for model in plausible_models() for start, end in model.date_order]
PAST = [(model, name) for model in plausible_models() for name in model.past_dates]
DATES = [
    (model, field.name)
    for model in plausible_models()
    for field in model._meta.concrete_fields
    if field.get_internal_type() == "DateField"
]


def test_the_rules_cover_the_pairs_of_the_issue():
    labels = {f"{model._meta.label}.{end}" for model, _start, end in PAIRS}
    for expected in (
        "services.Contract.ends_on",
        "incubator.Residency.ended_on",
        "incubator.Occupancy.ends_on",
        "orgs.CommitteeSeat.ends_on",
        "orgs.Secondment.ends_on",
        "orgs.ReportingRound.period_end",
        "orgs.Member.left_on",
        "services.LegalAidCase.closed_on",
        "services.AdviserPosting.ends_on",
        "services.DuesRecord.period_end",
        "services.MatchingGrant.period_end",
        "incubator.ExchangeVisit.ends_on",
    ):
        assert expected in labels
    past = {f"{model._meta.label}.{name}" for model, name in PAST}
    for expected in (
        "orgs.Organization.established_on",
        "orgs.Organization.status_changed_on",
        "orgs.Member.joined_on",
        "services.FundTransaction.occurred_on",
        "incubator.SupportEntry.value_date",
        "services.Delivery.delivered_on",
    ):
        assert expected in past


@pytest.mark.parametrize(("model", "start", "end"), PAIRS, ids=lambda v: getattr(v, "__name__", v))
def test_an_end_before_its_start_is_refused_at_the_end_field(model, start, end):
    instance = model(**{start: datetime.date(2020, 5, 1), end: datetime.date(2020, 4, 30)})
    errors = errors_of(instance, start, end)
    assert list(errors) == [end]
    assert "不能早于" in errors[end][0] and "2020-05-01" in errors[end][0]
    same_day = model(**{start: datetime.date(2020, 5, 1), end: datetime.date(2020, 5, 1)})
    assert errors_of(same_day, start, end) == {}


@pytest.mark.parametrize(("model", "name"), PAST, ids=lambda v: getattr(v, "__name__", v))
def test_an_event_in_the_future_is_refused(model, name):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert "日期不能晚于今天" in errors_of(model(**{name: tomorrow}), name)[name][0]
    assert errors_of(model(**{name: timezone.localdate()}), name) == {}


@pytest.mark.parametrize(("model", "name"), DATES, ids=lambda v: getattr(v, "__name__", v))
def test_no_date_before_1900(model, name):
    assert "早于1900年" in errors_of(model(**{name: datetime.date(1899, 12, 31)}), name)[name][0]
    assert errors_of(model(**{name: datetime.date(1900, 1, 1)}), name) == {}


@pytest.mark.parametrize("label", ["incubator.Batch", "incubator.Budget"])
def test_years_from_1900_to_ten_years_ahead(label):
    model = apps.get_model(label)
    latest = timezone.localdate().year + 10
    for year in (1899, latest + 1):
        assert "1900" in errors_of(model(year=year), "year")["year"][0]
    for year in (1900, timezone.localdate().year, latest):
        assert errors_of(model(year=year), "year") == {}
