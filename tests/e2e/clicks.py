"""Clicks that load a new page.

`page.click` returns once the click is dispatched, not once the answer has arrived, so a
read straight after it may still see the page that was clicked. Where the next page holds
elements the old one also has (the form and its errors, a detail page and its edit page),
the click waits for the navigation it starts."""


def click_and_load(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)
