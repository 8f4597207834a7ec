"""The one base for pages that write: a form whose valid input goes to one action, with the
acting user; the action's ``ValidationError`` is shown at the fields of the form (in Chinese),
like the form's own errors.

Two guards stand in the base, so that every form page has them:

- **Every write once.** Each form carries a one-time token (``includes/form.html`` renders it).
  The first valid submit claims the token in the same transaction as the action's write, under
  a unique constraint (``wangcang.models.WriteOnce``); a second submit of the same token, at the
  same instant or later, waits for the first, finds the token taken and is sent to the first
  result with a message instead of writing again.
- **Edits check the version they were loaded from.** An edit form carries a signed snapshot of
  the values it showed. If the record changed meanwhile, the save is refused and the page
  lists, field by field, the value saved meanwhile against the one the user typed; saving
  again re-applies the user's values over the newer ones.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import secrets
from datetime import date, datetime
from decimal import Decimal

from django import forms as django_forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.shortcuts import redirect, resolve_url
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

from .actions import AlreadySubmittedError, claim_once
from .forms import ScopedChoicesMixin
from .models import WriteOnce
from .permissions import StaffRequiredMixin
from .wording import item_separator

TOKEN_FIELD = "_once"
VERSION_FIELD = "_version"
RECORD_VERSION_FIELD = "_record_version"
_VERSION_SALT = "wangcang.formviews.version"
_RECORD_VERSION_SALT = "wangcang.formviews.record"


def apply_validation_errors(form, error: ValidationError) -> None:
    """Put an action's errors on the form: at their field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


def _plain(value):
    """A value as it can be signed and compared: records by key, lists sorted."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, models.QuerySet):
        return sorted(str(pk) for pk in value.values_list("pk", flat=True))
    if isinstance(value, list | tuple | set):
        return sorted(str(_plain(item)) for item in value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, File):  # a stored or uploaded file
        return value.name or ""
    if value is None:
        return ""
    return str(value)


def _shown(field, value) -> str:
    """A value as the user reads it: a choice by its label, a record by its name."""
    if value in (None, "", []):
        return "—"
    if isinstance(field, django_forms.ModelMultipleChoiceField):
        keys = value if isinstance(value, list | tuple | set) else [value]
        keys = [getattr(key, "pk", key) for key in keys]
        return "、".join(str(item) for item in field.queryset.filter(pk__in=keys)) or "—"
    if isinstance(field, django_forms.ModelChoiceField):
        if isinstance(value, models.Model):
            return str(value)
        record = field.queryset.filter(pk=value).first()
        return str(record) if record is not None else str(value)
    if isinstance(field, django_forms.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(field, django_forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        return str(labels.get(str(value), value))
    if isinstance(value, date | datetime | Decimal | int | float):
        return str(localize(value))
    return str(value)


def _record_digest(record) -> list[str]:
    values = {field.attname: _plain(getattr(record, field.attname)) for field in record._meta.concrete_fields}
    digest = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:32]
    return [record._meta.label_lower, str(record.pk), digest]


def record_version(record) -> str:
    """A signed digest of a record's saved values, sent with a button or form on its page: a
    page loaded before someone else changed the record carries an older digest."""
    return signing.dumps(_record_digest(record), salt=_RECORD_VERSION_SALT)


def changed_since_loaded(record, submitted: str | None) -> bool:
    """Whether ``record`` changed since the page that sent ``submitted`` was loaded. The row is
    locked until the transaction ends, so that two tabs cannot both pass on one version."""
    if not submitted or record is None or getattr(record, "pk", None) is None:
        return False
    fresh = type(record)._default_manager.select_for_update().filter(pk=record.pk).first()
    if fresh is None:
        return True
    try:
        loaded = signing.loads(submitted, salt=_RECORD_VERSION_SALT)
    except signing.BadSignature:
        return True
    return loaded != _record_digest(fresh)


STALE_RECORD_MESSAGE = _(
    "Someone else changed this record after you opened the page, so nothing was done: "
    "look at it as it is now and try again."
)


class ActionFormView(FormView):
    """A form whose valid input goes to one action; the action's refusals show on the form.

    Subclasses set ``form_class`` and ``title`` and define ``perform(form)`` (calling an action
    with ``self.request.user``) and return the record it wrote. An edit page defines
    ``get_object()`` (the record, fetched through ``visible_to``) and gets the version check;
    a ``ModelForm`` is given the record as its ``instance``, other forms take their values
    from ``initial_from(record)``."""

    template_name = "wangcang/record_form.html"
    title = ""
    success_message = _("Saved.")
    #: Whether a ``ModelForm`` is bound to the record (else its values come from ``initial_from``).
    form_instance = True
    #: The message on a second submit of the same form.
    already_message = _("This form had already been submitted; here is the result of the first submit.")

    def get_object(self):
        return None

    def initial_from(self, record) -> dict:
        return {}

    def check(self, form) -> None:
        """A check of the input that must stay recorded when it refuses (a code counted by
        django-otp's throttle, as a wrong password is counted at login): it runs before the
        write's transaction, which a refusal rolls back. Raise ``ValidationError`` to refuse."""

    def perform(self, form):
        raise NotImplementedError

    def success_url_for(self, result) -> str:
        return result.get_absolute_url()

    def get_success_message(self, result) -> str:
        return self.success_message

    def default_back_url(self) -> str:
        return "/"

    def back_url(self) -> str:
        return self.request.GET.get("back") or self.request.META.get("HTTP_REFERER", "") or self.default_back_url()

    # --- Form set-up ---------------------------------------------------------------------------

    #: Look the record up before the role is checked (out of scope answers 404 to every role),
    #: or after it (a role that may not use the page gets 403 first).
    lookup_before_role = True

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None
        if self.lookup_before_role and request.user.is_authenticated:
            self.object = self.get_object()

    def dispatch(self, request, *args, **kwargs):
        if not self.lookup_before_role:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def is_edit(self) -> bool:
        return self.object is not None and getattr(self.object, "pk", None) is not None

    def form_kwargs_for(self, record) -> dict:
        """The form's keyword arguments besides its data: for the page, and for the version."""
        kwargs = {"initial": {**self.initial_from(record), **self.get_initial()}, "prefix": self.get_prefix()}
        form_class = self.get_form_class()
        if issubclass(form_class, ScopedChoicesMixin) or "user" in inspect.signature(form_class.__init__).parameters:
            kwargs["user"] = self.request.user
        if issubclass(form_class, django_forms.BaseModelForm) and record is not None and self.form_instance:
            kwargs["instance"] = record
        kwargs.update(self.extra_form_kwargs())
        return kwargs

    def extra_form_kwargs(self) -> dict:
        return {}

    def get_form_kwargs(self):
        kwargs = self.form_kwargs_for(self.object)
        if self.request.method in ("POST", "PUT"):
            kwargs.update({"data": self.request.POST, "files": self.request.FILES})
        return kwargs

    # --- Versions ------------------------------------------------------------------------------

    def version_values(self, record) -> dict:
        """The values an unbound form shows for ``record``: what the user loaded."""
        form = self.get_form_class()(**self.form_kwargs_for(record))
        return {name: _plain(form.get_initial_for_field(field, name)) for name, field in form.fields.items()}

    def signed_version(self, record) -> str:
        return signing.dumps(self.version_values(record), salt=_VERSION_SALT, compress=True)

    def changed_meanwhile(self, form) -> list[str]:
        """Lines ``field: saved meanwhile vs yours`` for each field someone else changed since
        the form was loaded and that this save would overwrite; empty when the save is safe."""
        submitted = form.data.get(VERSION_FIELD)
        if not submitted or not self.is_edit():
            return []
        try:
            loaded = signing.loads(submitted, salt=_VERSION_SALT)
        except signing.BadSignature:
            return [str(_("The form could not be checked against the saved record."))]
        model = type(self.object)
        # Hold the row until the transaction ends, so that two saves cannot both pass.
        list(model._default_manager.select_for_update().filter(pk=self.object.pk).values_list("pk"))
        fresh = self.get_object()
        current = self.version_values(fresh)
        theirs = self.get_form_class()(**self.form_kwargs_for(fresh))
        lines = []
        for name, field in form.fields.items():
            if name not in loaded or loaded[name] == current.get(name):
                continue
            yours = form.cleaned_data.get(name)
            if _plain(yours) == current.get(name):
                continue
            lines.append(
                _("%(field)s: saved meanwhile “%(theirs)s”, yours “%(yours)s”")
                % {
                    "field": field.label or name,
                    "theirs": _shown(field, theirs.get_initial_for_field(theirs.fields[name], name)),
                    "yours": _shown(field, yours),
                }
            )
        if lines:
            self.fresh_version = signing.dumps(current, salt=_VERSION_SALT, compress=True)
        return lines

    # --- Submitting ----------------------------------------------------------------------------

    def post(self, request, *args, **kwargs):
        # A repeat of a submit that went through goes to its result before the form is checked
        # again (a record it created could make the repeat look invalid, e.g. a duplicate).
        token = request.POST.get(TOKEN_FIELD)
        if token:
            done = WriteOnce.objects.filter(user=request.user, key=f"form:{token}").first()
            if done is not None:
                messages.info(request, self.already_message)
                return redirect(done.result_url or request.path)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        token = form.data.get(TOKEN_FIELD)
        try:
            self.check(form)
        except ValidationError as error:
            apply_validation_errors(form, error)
            return self.form_invalid(form)
        try:
            with transaction.atomic():
                claim = claim_once(user=self.request.user, key=f"form:{token}") if token else None
                conflicts = self.changed_meanwhile(form)
                if conflicts:
                    raise ValidationError([_("Someone else saved this record after you opened it:"), *conflicts])
                result = self.perform(form)
                url = self.success_url_for(result)
                if claim is not None:
                    claim.result_url = resolve_url(url)
                    claim.save(update_fields=["result_url"])
        except AlreadySubmittedError as done:
            messages.info(self.request, self.already_message)
            return redirect(done.claim.result_url or self.request.path)
        except ValidationError as error:
            apply_validation_errors(form, error)
            return self.form_invalid(form)
        message = self.get_success_message(result)
        if message:
            messages.success(self.request, message)
        return self.respond(result, url)

    def respond(self, result, url: str):
        """The answer to a submit that went through: the result's page. A secret shown only
        once (a new token, backup codes) is rendered here instead; a repeat of the submit is
        then sent to ``url``, which does not show it again."""
        return redirect(url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["back_url"] = context["cancel_url"] = self.back_url()
        context["form_token"] = (self.request.POST.get(TOKEN_FIELD) if self.request.method == "POST" else None) or (
            new_form_token()
        )
        if self.is_edit():
            stale = getattr(self, "fresh_version", None)
            kept = self.request.POST.get(VERSION_FIELD) if self.request.method == "POST" else None
            # A bound model form has written the typed values into ``self.object``: sign afresh.
            loaded = self.object if self.request.method == "GET" else self.get_object()
            context["form_version"] = stale or kept or self.signed_version(loaded)
        return context


class StaffFormView(StaffRequiredMixin, ActionFormView):
    """A staff page that creates or edits one record; subclasses define ``save(form)`` (calling
    an action) and ``cancel_url()``."""

    lookup_before_role = False

    def form_kwargs(self) -> dict:
        return {}

    def extra_form_kwargs(self) -> dict:
        return self.form_kwargs()

    def save(self, form):
        raise NotImplementedError

    def perform(self, form):
        return self.save(form)

    def cancel_url(self) -> str:
        raise NotImplementedError

    def back_url(self) -> str:
        return self.cancel_url()

    def success_url(self, saved) -> str:
        return saved.get_absolute_url()

    def success_url_for(self, result) -> str:
        return self.success_url(result)


class RecordActionView(View):
    """A button, or a small form on a record's page, that applies one action to one record
    (submit, accept, approve, confirm, resolve): the action runs with the acting user, a
    refusal is shown as a message (or, by overriding ``refuse``, on the page's form), and the
    user returns to the record. A one-time token sent with it (``_once``) makes a double
    click one action, and the record's version sent with it (``{% once_token record %}``) makes
    a button loaded before someone else changed the record refuse to act (a stale second tab).
    With ``form_class``, the form's valid input is in ``self.form``. A form that writes no
    single record (``get_object`` returns ``None``) gets the token alone."""

    success_message = ""
    refusal_level = messages.ERROR
    form_class = None

    def get_object(self):
        raise NotImplementedError

    def perform(self, record):
        raise NotImplementedError

    def form_kwargs(self) -> dict:
        return {}

    def success_url_for(self, record, result) -> str:
        return record.get_absolute_url()

    def failure_url_for(self, record) -> str:
        return record.get_absolute_url()

    def get_success_message(self, record, result) -> str:
        return self.success_message

    def respond(self, record, result):
        return redirect(self.success_url_for(record, result))

    def refuse(self, record, error: ValidationError | None):
        """The action refused (``error``) or the form is invalid (``None``): say why."""
        if error is not None:
            texts = error.messages
        else:
            texts = [text for errors in self.form.errors.values() for text in errors]
        messages.add_message(self.request, self.refusal_level, item_separator().join(texts))
        return redirect(self.failure_url_for(record))

    def post(self, request, *args, **kwargs):
        record = self.get_object()
        token = request.POST.get(TOKEN_FIELD)
        done = WriteOnce.objects.filter(user=request.user, key=f"form:{token}").first() if token else None
        if done is not None:
            messages.info(request, ActionFormView.already_message)
            return redirect(done.result_url or self.failure_url_for(record))
        self.form = None
        if self.form_class is not None:
            self.form = self.form_class(request.POST, request.FILES, **self.form_kwargs())
            if not self.form.is_valid():
                return self.refuse(record, None)
        try:
            with transaction.atomic():
                claim = claim_once(user=request.user, key=f"form:{token}") if token else None
                if changed_since_loaded(record, request.POST.get(RECORD_VERSION_FIELD)):
                    raise ValidationError(STALE_RECORD_MESSAGE)
                result = self.perform(record)
                if claim is not None:
                    claim.result_url = resolve_url(self.success_url_for(record, result))
                    claim.save(update_fields=["result_url"])
        except AlreadySubmittedError as done:
            messages.info(request, ActionFormView.already_message)
            return redirect(done.claim.result_url or self.failure_url_for(record))
        except ValidationError as error:
            if self.form is not None:
                apply_validation_errors(self.form, error)
            return self.refuse(record, error)
        message = self.get_success_message(record, result)
        if message:
            messages.success(request, message)
        return self.respond(record, result)


class PostToActionMixin:
    """A page whose forms post back to its own address: each POST goes to the action view of
    the form posted (``post_view()``, on the bases above), so that the page keeps its address
    and every write keeps the bases' guards. A user who may see the page but not post
    (``may_post()`` false) is sent back to it (``refused_post_url()``); ``post_view()``
    returning ``None`` leaves the POST to the page's own base."""

    post_view_class = None

    def may_post(self) -> bool:
        return True

    def refused_post_url(self) -> str:
        return self.request.path

    def post_view(self):
        return self.post_view_class

    def post(self, request, *args, **kwargs):
        if not self.may_post():
            return redirect(self.refused_post_url())
        view = self.post_view()
        if view is not None:
            return view.as_view()(request, *args, **kwargs)
        own = getattr(super(), "post", None)
        if own is None:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return own(request, *args, **kwargs)
