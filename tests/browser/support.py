"""Helpers shared by the browser tests: signing in through the form, screenshots, axe-core."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artefacts" / "screenshots"


def sign_in(page: Page, username: str, password: str = PASSWORD, next_path: str = "") -> None:
    """Through the real login form, as a person would; waits until the signed-in navbar is there (at phone
    width its Sign out button sits folded in the Menu, so it is looked for hidden or not)."""
    page.goto("/accounts/login/" + (f"?next={quote(next_path, safe='/')}" if next_path else ""))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_be_attached()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # caret="initial": hiding the text caret makes Playwright inject a <style>, which the portal's CSP
    # (rightly) blocks and reports; the page fixture would then fail the test for a violation it caused.
    page.screenshot(path=str(path), full_page=True, caret="initial")
    return path


BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page: Page, live_server) -> list[dict]:
    """Run axe-core on the current page; return the violations of serious or critical impact.

    The script tag points at the portal's own static file, allowed by script-src 'self', so the page's
    CSP is not weakened. page.evaluate goes through the DevTools protocol, not the page's eval."""
    page.add_script_tag(url=live_server.url + "/static/vendor/axe/axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(map(str, node.get("target", []))) for node in v.get("nodes", [])]
        lines.append(f"{v['id']} ({v['impact']}): {v.get('help', '')} -> {targets[:8]}")
    return "\n".join(lines)


def assert_accessible(page: Page, live_server) -> None:
    violations = axe_violations(page, live_server)
    assert not violations, (
        f"axe-core found serious/critical violations on {page.url}:\n" + describe_violations(violations))


def field(scope, label: str):
    """The form control labelled exactly `label`, ignoring crispy-forms' required asterisk."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))
