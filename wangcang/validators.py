"""Check characters of Chinese identifiers, through python-stdnum, with Chinese messages.

- Unified social credit code (统一社会信用代码), GB 32100-2015.
- Resident identity card number (公民身份号码), GB 11643-1999, ISO 7064 MOD 11-2.

Each ``clean_*`` returns the canonical form (upper case, no spaces) or raises a Django
``ValidationError`` whose message says what is wrong in the user's language.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

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


def clean_id_number(value: str) -> str:
    number = ric.compact(value or "")
    if not number:
        raise ValidationError(_("Enter the ID number."), code="required")
    try:
        return ric.validate(number)
    except InvalidLength as exc:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(count)d."),
            code="length",
            params={"count": len(number)},
        ) from exc
    except InvalidFormat as exc:
        raise ValidationError(_("An ID number is 17 digits followed by a digit or X."), code="format") from exc
    except InvalidChecksum as exc:
        raise ValidationError(_("The check character (the 18th) of this ID number is wrong."), code="checksum") from exc
    except InvalidComponent as exc:
        raise ValidationError(
            _("The birth date or birth place in this ID number does not exist."), code="component"
        ) from exc


def validate_id_number(value: str) -> None:
    clean_id_number(value)


def make_uscc(serial: int, *, authority: str = "5", category: str = "1", division: str = "510821") -> str:
    """A well-formed USCC for demo and test data: authority, category, division, a
    nine-character organization code made from ``serial``, and the right check character."""
    body = f"{authority}{category}{division}MJ{serial:07d}"
    return body + uscc.calc_check_digit(body)


def make_id_number(serial: int, *, division: str = "510821", birth: str | None = None) -> str:
    """A well-formed ID number for demo and test data: distinct for each ``serial``
    (the birth date moves on one day every 1,000 serials)."""
    if birth is None:
        from datetime import date, timedelta

        birth = (date(1985, 1, 1) + timedelta(days=serial // 1000)).strftime("%Y%m%d")  # 510821 exists from 1985
    body = f"{division}{birth}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # the function expects a check-digit slot
