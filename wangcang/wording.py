"""Punctuation that follows the language: Chinese pages write 、 and ：, English pages , and :."""

from decimal import Decimal

from django.utils.translation import pgettext


def list_separator() -> str:
    """``, `` in English, ``、`` in Chinese."""
    return pgettext("list separator", ", ")


def join_list(values) -> str:
    """Items joined as the language writes a list: ``a, b`` or ``a、b``."""
    return list_separator().join(str(value) for value in values if value not in (None, ""))


def item_separator() -> str:
    """``; `` in English, ``；`` in Chinese: between whole messages."""
    return pgettext("item separator", "; ")


def label_separator() -> str:
    """``: `` in English, ``：`` in Chinese."""
    return pgettext("label separator", ": ")


def yuan(value) -> str:
    """An amount of yuan as the portal shows it everywhere: ``1000000`` → ``1,000,000.00``;
    nothing → ``—``. Pages use it as the ``yuan`` template filter; exports keep the number."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    return f"{amount.quantize(Decimal('0.01')):,.2f}"
