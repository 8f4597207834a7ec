"""Punctuation that follows the language: Chinese pages write 、 and ：, English pages , and :."""

from django.utils.translation import pgettext


def list_separator() -> str:
    """``, `` in English, ``、`` in Chinese."""
    return pgettext("list separator", ", ")


def join_list(values) -> str:
    """Items joined as the language writes a list: ``a, b`` or ``a、b``."""
    return list_separator().join(str(value) for value in values if value not in (None, ""))


def label_separator() -> str:
    """``: `` in English, ``：`` in Chinese."""
    return pgettext("label separator", ": ")
