"""The status badge of list rows, written by its tag."""

from django.template import Context, Template
from django.utils.safestring import mark_safe


def render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


def test_a_state_gets_its_tone_and_its_words_escaped():
    assert render('{% status_badge "done" "达成" %}') == '<span class="badge text-bg-success">达成</span>\n'
    assert render("{% status_badge value %}", value="overdue") == '<span class="badge text-bg-danger">overdue</span>\n'
    assert (
        render('{% status_badge "x" shown %}', shown="<b>")
        == '<span class="badge text-bg-secondary">&lt;b&gt;</span>\n'
    )
    assert render('{% status_badge "x" shown "info" %}', shown=mark_safe("<b>1</b>")) == (
        '<span class="badge text-bg-info"><b>1</b></span>\n'
    )
