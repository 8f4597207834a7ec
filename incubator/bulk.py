"""Bulk actions on the application list (see wangcang.bulk): assign a reviewer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wangcang.bulk import BulkAction, BulkList

from . import actions, queries
from .filters import ApplicationFilter
from .forms import AssignForm
from .permissions import can_manage_incubator


def _assign(user, application, data) -> None:
    actions.review_assign(user=user, application=application, reviewer=data["reviewer"])


BULK_LISTS = [
    BulkList(
        key="incubator-applications",
        title=_("Applications"),
        queryset=queries.applications_for,
        filterset_class=ApplicationFilter,
        list_url_name="incubator:application-list",
        actions=(
            BulkAction(
                key="assign",
                label=_("Assign a reviewer"),
                perform=_assign,
                allowed=can_manage_incubator,
                form_class=AssignForm,
            ),
        ),
    )
]
