import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wangcang.validators import clean_id_number, clean_uscc, make_uscc, uscc_kind

# A social group registered by Wangcang civil affairs (5 1 510821 …), check character computed
# by GB 32100-2015.
VALID_SOCIAL_GROUP = make_uscc(1)


def test_valid_social_group_uscc():
    assert VALID_SOCIAL_GROUP == "51510821MJ0000001T"
    assert clean_uscc(VALID_SOCIAL_GROUP) == VALID_SOCIAL_GROUP
    assert uscc_kind(VALID_SOCIAL_GROUP) == "social_group"
    assert uscc_kind(make_uscc(2, category="2")) == "service_institution"
    assert uscc_kind(make_uscc(3, category="3")) == "foundation"


def test_real_published_uscc_passes():
    # Tencent's published code (a market-regulation registration) checks out too.
    assert clean_uscc("9144030071526726XG") == "9144030071526726XG"


def test_lowercase_and_whitespace_are_normalised():
    messy = f"  {VALID_SOCIAL_GROUP[:9].lower()} {VALID_SOCIAL_GROUP[9:].lower()} "
    assert clean_uscc(messy) == VALID_SOCIAL_GROUP


@pytest.mark.parametrize("wrong", ["0", "1", "A", "Y"])
def test_wrong_check_character_is_refused_in_chinese(wrong):
    if wrong == VALID_SOCIAL_GROUP[-1]:
        pytest.skip("same as the right one")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
        clean_uscc(VALID_SOCIAL_GROUP[:-1] + wrong)
    assert info.value.code == "checksum"
    assert "校验" in info.value.messages[0]


def test_wrong_length_and_format():
    with pytest.raises(ValidationError) as info:
        clean_uscc(VALID_SOCIAL_GROUP[:-2])
    assert info.value.code == "length"
    with pytest.raises(ValidationError) as info:
        clean_uscc("5151082IMJ0000001T")  # a letter among the division digits
    assert info.value.code == "format"
    with pytest.raises(ValidationError) as info:
        clean_uscc("")
    assert info.value.code == "required"


def test_id_numbers():
    # GB 11643-1999's own example number.
    assert clean_id_number("11010519491231002X") == "11010519491231002X"
    assert clean_id_number("11010519491231002x ") == "11010519491231002X"
    with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
        clean_id_number("110105194912310021")
    assert info.value.code == "checksum"
    assert "校验" in info.value.messages[0]
    with pytest.raises(ValidationError) as info:
        clean_id_number("11010519491331002X")  # 13th month: check character right, date impossible
    assert info.value.code in {"component", "checksum"}
    with pytest.raises(ValidationError) as info:
        clean_id_number("1101051949123100")
    assert info.value.code == "length"


def test_generated_demo_identifiers_are_valid_and_distinct():
    from wangcang.validators import make_id_number

    numbers = [make_id_number(serial) for serial in (0, 1, 7, 999, 1000, 54321, 100000, 700123)]
    assert len(set(numbers)) == len(numbers)
    for number in numbers:
        assert clean_id_number(number) == number
    codes = [make_uscc(serial, category=category) for serial in (1, 2, 99999) for category in "123"]
    for code in codes:
        assert clean_uscc(code) == code


def test_an_id_number_is_checked_against_the_date_given_as_today():
    """An import checks every number against one date, taken once (``today``)."""
    import datetime

    from wangcang.validators import make_id_number

    born = make_id_number(1, birth="20260105")
    assert clean_id_number(born, today=datetime.date(2026, 1, 5)) == born
    with pytest.raises(ValidationError) as info:
        clean_id_number(born, today=datetime.date(2026, 1, 4))
    assert info.value.code == "birth_date"
    with pytest.raises(ValidationError) as info:
        clean_id_number(make_id_number(1, birth="19860230"))  # 30 February
    assert info.value.code == "birth_date"
