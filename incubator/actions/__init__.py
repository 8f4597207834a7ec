"""Writes with rules of the incubation base. Each function takes the acting user, runs in a
transaction and raises ``ValidationError`` with a message for the user when a rule says no."""

from .admissions import (  # noqa: F401
    EDITABLE,
    application_create,
    application_decide,
    application_edit,
    application_resubmit,
    application_score,
    application_submit,
    attachment_add,
    batch_create,
    batch_publish,
    criterion_add,
    review_assign,
    review_score,
    weighted_score,
)
from .base import (  # noqa: F401
    TWO_PLACES,
    S,
    _notify_organization,
    _real_date,
    _record_create,
    _transition,
)
from .mentoring import (  # noqa: F401
    attendance_import,
    attendance_sign_in,
    exchange_visit_create,
    mentor_create,
    mentoring_session_record,
    team_member_set,
    training_create,
)
from .residencies import (  # noqa: F401
    _end_residency,
    evaluation_record,
    residency_exit,
    residency_graduate,
    residency_start,
)
from .sites import (  # noqa: F401
    occupancy_add,
    site_create,
    site_update,
    space_create,
    space_peak_use,
)
from .support import (  # noqa: F401
    WAIVER_FIELDS,
    budget_create,
    budget_use,
    month_start,
    support_post,
    support_reverse,
    waivers_post_month,
)
