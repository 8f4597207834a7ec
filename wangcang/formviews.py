"""Staff pages that create or change one record through a form and an action: the form is
validated, the action applies the rules, and the action's ``ValidationError`` is shown at the
fields of the form (in Chinese), like the form's own errors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from .permissions import StaffRequiredMixin


def apply_validation_errors(form, error: ValidationError) -> None:
    """Put an action's errors on the form: at their field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class StaffFormView(StaffRequiredMixin, View):
    """Subclasses set ``form_class`` and ``title`` and define ``save(form)`` (calling an action)
    and ``cancel_url()``; ``get_object()`` returns the record to change (``None`` to create)."""

    form_class = None
    title = ""
    template_name = "wangcang/record_form.html"

    def get_object(self):
        return None

    def form_kwargs(self) -> dict:
        return {}

    def save(self, form):
        raise NotImplementedError

    def cancel_url(self) -> str:
        raise NotImplementedError

    def success_url(self, saved) -> str:
        return saved.get_absolute_url()

    def render_form(self, form):
        return render(
            self.request, self.template_name, {"form": form, "title": self.title, "cancel_url": self.cancel_url()}
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_form(self.form_class(instance=self.object, **self.form_kwargs()))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.form_class(request.POST, request.FILES, instance=self.object, **self.form_kwargs())
        if form.is_valid():
            try:
                saved = self.save(form)
            except ValidationError as error:
                apply_validation_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(self.success_url(saved))
        return self.render_form(form)
