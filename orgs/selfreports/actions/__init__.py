"""Writes of self-reporting: opening rounds, filling in, submitting, returning, accepting,
attachments, problems carried to tracked issues, and reminders."""

from .reminders import (  # noqa: F401
    _open_reports,
    _remind,
    round_remind,
    self_report_remind,
    self_reports_export_start,
    self_reports_remind_due,
)
from .reports import (  # noqa: F401
    _fill_answer,
    _set_answers,
    answers_snapshot,
    missing_answers,
    self_report_accept,
    self_report_attachment_add,
    self_report_attachment_delete,
    self_report_problem_track,
    self_report_return,
    self_report_save_draft,
    self_report_submit,
    tracked_issue_resolve,
)
from .rounds import (  # noqa: F401
    TransitionError,
    _field_label,
    _refuse_if_closed,
    _require,
    _require_shapeable,
    _set_problems,
    round_close,
    round_open,
    round_question_delete,
    round_question_save,
)
