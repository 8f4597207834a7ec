"""The checks every write path shares (forms, imports, the API), with Chinese messages.

- Unified social credit code (统一社会信用代码), GB 32100-2015.
- Resident identity card number (公民身份号码), GB 11643-1999, ISO 7064 MOD 11-2.
- Phone numbers: a mainland mobile, or a landline with its area code.
- Dates: not before 1900, events not in the future, an end not before its start
  (:class:`PlausibleValuesMixin`, which models use so that ``full_clean`` applies them).

Each ``clean_*`` returns the canonical form (upper case, no spaces) or raises a Django
``ValidationError`` whose message says what is wrong in the user's language.
"""

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

# Position 1 of a USCC: the registration authority; position 2: the category under it.
USCC_AUTHORITIES = {
    "1": _("Organization establishment authority"),
    "5": _("Civil affairs"),
    "8": _("Trade union"),
    "9": _("Market regulation"),
}
# Under civil affairs (5): 1 social group, 2 social service institution, 3 foundation.
USCC_CIVIL_AFFAIRS_KINDS = {"1": "social_group", "2": "service_institution", "3": "foundation"}


def clean_uscc(value: str) -> str:
    number = uscc.compact(value or "")
    if not number:
        raise ValidationError(_("Enter the unified social credit code."), code="required")
    try:
        return uscc.validate(number)
    except InvalidLength as exc:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="length",
            params={"count": len(number)},
        ) from exc
    except InvalidFormat as exc:
        raise ValidationError(
            _(
                "A unified social credit code uses digits and the letters A–Y except I, O, S, V and Z; "
                "characters 3 to 8 are the division code digits."
            ),
            code="format",
        ) from exc
    except InvalidChecksum as exc:
        raise ValidationError(
            _(
                "The check character (the 18th) of this unified social credit code is wrong; "
                "please check the code against the certificate."
            ),
            code="checksum",
        ) from exc


def validate_uscc(value: str) -> None:
    clean_uscc(value)


def uscc_kind(number: str) -> str | None:
    """The organization kind a civil-affairs USCC declares (``None`` for other authorities)."""
    number = uscc.compact(number)
    if len(number) < 2 or number[0] != "5":
        return None
    return USCC_CIVIL_AFFAIRS_KINDS.get(number[1])


# GB/T 2260 province-level codes: the first two digits of a division code.
PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
    "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
    "83": "台湾居民居住证",
}  # fmt: skip
# Codes whose numbers carry no prefecture (residence permits of Hong Kong, Macao and Taiwan).
PROVINCES_WITHOUT_PREFECTURES = {"71", "81", "82", "83"}
EARLIEST_BIRTH = date(1900, 1, 1)


def prefecture_exists(code: str) -> bool:
    """Digits 3–4 of a GB/T 2260 code number a prefecture: 01–70 for cities, prefectures,
    leagues and autonomous prefectures, 90 for the counties a province administers itself.

    The check is on the code's structure, not on a table dated by the years a code was in
    use: an ID number keeps the code current when it was issued, which is often younger than
    its holder (Wangcang's 510821 dates from 1985, when Guangyuan became a city)."""
    province, prefecture = code[:2], code[2:4]
    if province in PROVINCES_WITHOUT_PREFECTURES:
        return prefecture == "00"
    return prefecture.isdigit() and ("01" <= prefecture <= "70" or prefecture == "90")


def clean_id_number(value: str, *, today: date | None = None) -> str:
    """Format and check character through stdnum (GB 11643-1999, ISO 7064 MOD 11-2); the birth
    date and the province and prefecture of the region code checked here. ``today`` (the
    local date) may be given by a caller checking many numbers, such as an import."""
    number = ric.compact(value or "")
    if not number:
        raise ValidationError(_("Enter the ID number."), code="required")
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(count)d."),
            code="length",
            params={"count": len(number)},
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("An ID number is 17 digits followed by a digit or X."), code="format")
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError(_("The check character (the 18th) of this ID number is wrong."), code="checksum")
    region = number[:6]
    if region[:2] not in PROVINCES:
        raise ValidationError(
            _("The region code %(code)s at the start of this ID number names no province of China."),
            code="region",
            params={"code": region},
        )
    if not prefecture_exists(region):
        raise ValidationError(
            _("The region code %(code)s at the start of this ID number names no prefecture of %(province)s."),
            code="region",
            params={"code": region, "province": PROVINCES[region[:2]]},
        )
    try:
        # ric.get_birth_date on the compact number, without compacting it a second time.
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValidationError(
            _("The birth date in this ID number (%(digits)s) is not a real date."),
            code="birth_date",
            params={"digits": number[6:14]},
        ) from exc
    if birth > (today or timezone.localdate()):
        raise ValidationError(
            _("The birth date in this ID number (%(date)s) is in the future."),
            code="birth_date",
            params={"date": birth.isoformat()},
        )
    if birth < EARLIEST_BIRTH:
        raise ValidationError(
            _("The birth date in this ID number (%(date)s) is before 1900."),
            code="birth_date",
            params={"date": birth.isoformat()},
        )
    return number


def validate_id_number(value: str) -> None:
    clean_id_number(value)


def make_uscc(serial: int, *, authority: str = "5", category: str = "1", division: str = "510821") -> str:
    """A well-formed USCC for demo and test data: authority, category, division, a
    nine-character organization code made from ``serial``, and the right check character."""
    body = f"{authority}{category}{division}MJ{serial:07d}"
    return body + uscc.calc_check_digit(body)


def make_id_number(serial: int, *, division: str = "510821", birth: str | None = None) -> str:
    """A well-formed ID number for demo and test data: distinct for each ``serial``
    (the birth date moves on one day every 1,000 serials, from 1986)."""
    if birth is None:
        from datetime import date, timedelta

        birth = (date(1986, 1, 1) + timedelta(days=serial // 1000)).strftime("%Y%m%d")
    body = f"{division}{birth}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects a placeholder check digit


# Phones ----------------------------------------------------------------------------------

MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(?:(?:-|转|ext\.?|x)\d{1,6})?", re.IGNORECASE)
PHONE_SEPARATORS = re.compile(r"[\s\u3000]+")


def clean_phone(value: str) -> str:
    """A mainland mobile (13812345678, +86 allowed) or a landline with its area code
    (0839-5201234, 08395201234, with an extension after ``-`` or 转). Spaces are dropped;
    an empty value stays empty (the field decides whether it is required)."""
    number = PHONE_SEPARATORS.sub("", value or "").replace("－", "-").replace("—", "-")
    if not number:
        return ""
    mobile = number.removeprefix("+86").removeprefix("0086")
    if MOBILE.fullmatch(mobile):
        return mobile
    if LANDLINE.fullmatch(number):
        return number
    raise ValidationError(
        _(
            "“%(value)s” is not a phone number: write a mobile number of 11 digits (13812345678) "
            "or a landline with its area code (0839-5201234)."
        ),
        code="phone",
        params={"value": value},
    )


def validate_phone(value: str) -> None:
    clean_phone(value)


# Dates -----------------------------------------------------------------------------------

EARLIEST_DATE = date(1900, 1, 1)
YEARS_AHEAD = 10  # a plan (an admission batch, a budget) may be made for a later year


def date_errors(value, *, past: bool) -> list[ValidationError]:
    """What is implausible about one date: before 1900, or (for an event) in the future."""
    if not isinstance(value, date):
        return []
    if isinstance(value, datetime):
        day = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    else:
        day = value
    if day < EARLIEST_DATE:
        return [ValidationError(_("A date before 1900 is not plausible here."), code="too_early")]
    if past and day > timezone.localdate():
        return [ValidationError(_("This date is in the future; enter the day it happened."), code="future")]
    return []


def validate_past_date(value) -> None:
    if errors := date_errors(value, past=True):
        raise ValidationError(errors)


class PlausibleValuesMixin:
    """Rules on dates and phones that a model's ``full_clean`` applies, so forms, imports and
    API writes (all through actions that call ``full_clean``) refuse the same values.

    - ``past_dates``: dates of things that happened: not in the future.
    - every other date field: not before 1900.
    - ``date_order``: ``(start, end)`` pairs; the end is not before the start.
    - ``phone_fields``: checked and normalised by :func:`clean_phone`.
    - ``year_fields``: a year from 1900 to ten years ahead.

    The rules run in ``clean_fields`` so that they respect its ``exclude`` (a model form
    checks only its own fields) and an error stands at its field instead of a database
    constraint's message.
    """

    past_dates: tuple[str, ...] = ()
    date_order: tuple[tuple[str, str], ...] = ()
    phone_fields: tuple[str, ...] = ()
    year_fields: tuple[str, ...] = ()

    def clean_fields(self, exclude=None):
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        skip = set(exclude or ()) | set(errors)
        found: dict[str, list] = {}
        for field in self._meta.concrete_fields:
            if field.get_internal_type() not in ("DateField", "DateTimeField") or field.name in skip:
                continue
            if field_errors := date_errors(getattr(self, field.attname), past=field.name in self.past_dates):
                found[field.name] = field_errors
        for start, end in self.date_order:
            first, last = getattr(self, start), getattr(self, end)
            if end in skip or end in found or not isinstance(first, date) or not isinstance(last, date):
                continue
            if last < first:
                found[end] = [
                    ValidationError(
                        _("“%(end)s” cannot be before “%(start)s” (%(date)s)."),
                        code="order",
                        params={
                            "end": self._meta.get_field(end).verbose_name,
                            "start": self._meta.get_field(start).verbose_name,
                            "date": first.isoformat(),
                        },
                    )
                ]
        for name in self.phone_fields:
            if name in skip:
                continue
            try:
                setattr(self, name, clean_phone(getattr(self, name)))
            except ValidationError as exc:
                found[name] = [exc]
        latest_year = timezone.localdate().year + YEARS_AHEAD
        for name in self.year_fields:
            year = getattr(self, name)
            if name not in skip and isinstance(year, int) and not EARLIEST_DATE.year <= year <= latest_year:
                found[name] = [
                    ValidationError(
                        _("Enter a year from 1900 to %(latest)d."), code="year", params={"latest": latest_year}
                    )
                ]
        for name, field_errors in found.items():
            errors.setdefault(name, []).extend(field_errors)
        if errors:
            raise ValidationError(errors)
