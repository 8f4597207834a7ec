"""Filling in a page's form as a person does: open the page, take the form it shows (its
hidden one-time token, the values it already holds, the choices its lists offer), change
the fields one would type into, choose list entries by the text shown, and send it to the
form's own action."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin


@dataclass
class Form:
    action: str
    method: str
    values: dict[str, list[str]] = field(default_factory=dict)
    options: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # select: (value, text)
    buttons: list[dict] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    search_urls: dict[str, str] = field(default_factory=dict)  # a list searched as one types
    text: str = ""

    def option(self, name: str, text: str, client=None) -> str:
        """The value of the entry of list ``name`` whose shown text contains ``text``; a list
        searched as one types is asked with ``text``, as the page's search field does."""
        matches = [value for value, shown in self.options.get(name, []) if text in shown]
        if not matches and name in self.search_urls and client is not None:
            answer = client.get(self.search_urls[name], {"q": text})
            assert answer.status_code == 200, answer.status_code
            matches = [str(row["id"]) for row in answer.json()["results"] if text in row["text"]]
        assert matches, f"no entry “{text}” in {name}: {[shown for _value, shown in self.options.get(name, [])]}"
        return matches[0]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._option: list | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {key: value if value is not None else "" for key, value in attrs}
        if tag == "form":
            self._form = Form(action=attributes.get("action", ""), method=attributes.get("method", "get").lower())
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "image"):
                form.buttons.append(attributes)
                return
            form.fields.append(name)
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    form.values.setdefault(name, []).append(attributes.get("value", "on"))
                return
            if kind == "file":
                return
            form.values.setdefault(name, []).append(attributes.get("value", ""))
        elif tag == "button":
            if attributes.get("type", "submit") == "submit":
                form.buttons.append(attributes)
        elif tag == "select" and name:
            form.fields.append(name)
            self._select = name
            form.options.setdefault(name, [])
            if attributes.get("data-search-url"):
                form.search_urls[name] = attributes["data-search-url"]
        elif tag == "option" and self._select:
            self._option = [attributes.get("value"), "", "selected" in attributes]
        elif tag == "textarea" and name:
            form.fields.append(name)
            self._textarea = name
            form.values[name] = [""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        elif self._textarea and self._form is not None:
            self._form.values[self._textarea][0] += data
        if self._form is not None:
            self._form.text += data

    def handle_endtag(self, tag):
        form = self._form
        if tag == "form":
            self._form = None
        elif tag == "option" and self._option is not None and form is not None and self._select:
            value, text, selected = self._option
            text = text.strip()
            value = text if value is None else value
            form.options[self._select].append((value, text))
            if selected:
                form.values[self._select] = [value]
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(response) -> list[Form]:
    parser = _FormParser()
    parser.feed(response.content.decode())
    return parser.forms


def form_on(response, *, action_contains: str = "", field: str = "") -> Form:
    """The page's form posting to an action containing ``action_contains`` and holding
    ``field``; a form without an action posts to the page itself."""
    page = response.wsgi_request.get_full_path()
    found = []
    for form in forms_of(response):
        if form.method != "post":
            continue
        form.action = urljoin(page, form.action) if form.action else page
        if action_contains and action_contains not in form.action:
            continue
        if field and field not in form.fields:
            continue
        found.append(form)
    assert found, f"no such form on {page}"
    return found[0]


def fill_in(client, url: str, typed: dict, *, action_contains: str = "", field: str = "", choose: dict | None = None):
    """Open ``url``, fill its form with ``typed`` (name → text), choose list entries by
    their shown text (``choose``: name → text), and send it; returns the answer."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    form = form_on(page, action_contains=action_contains, field=field or next(iter(typed or choose), ""))
    data = {name: list(values) for name, values in form.values.items()}
    for name, text in (choose or {}).items():
        assert name in form.fields, f"{url} has no field {name}"
        data[name] = [form.option(name, text, client)]
    for name, value in typed.items():
        assert name in form.fields, f"{url} has no field {name}"
        data[name] = value if isinstance(value, list) else [value]
    flat = {name: values if len(values) != 1 else values[0] for name, values in data.items()}
    return client.post(form.action, flat)


def press(client, url: str, *, action_contains: str):
    """Open ``url`` and press the button of the form posting to ``action_contains``."""
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    form = form_on(page, action_contains=action_contains)
    flat = {name: values if len(values) != 1 else values[0] for name, values in form.values.items()}
    return client.post(form.action, flat)
