"""Browser tests: Playwright (sync API) driving Debian's Chromium headless against pytest-django's
live_server. One browser per session, a fresh context (cookies, storage) per test.

The strict CSP of the portal stays in force: waits use Playwright's auto-retrying expect() (no
wait_for_function, which would need 'unsafe-eval'); axe-core is loaded from the portal's own
/static/vendor/axe/axe.min.js, which script-src 'self' allows.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread with
# a running loop unless told otherwise. scripts/test.sh exports it too; this covers a bare `pytest`.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect, sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
TIMEOUT_MS = 5000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (scripts/dev.sh installs it with apt)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser, live_server) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails its test if the browser reports a Content-Security-Policy violation: the app's
    strict policy must hold on every page a test visits (an inline style or script would show up here)."""
    page = context.new_page()
    violations: list[str] = []

    def on_console(msg: ConsoleMessage) -> None:
        if "Content Security Policy" in msg.text:
            violations.append(f"{msg.text} [{msg.location.get('url')}:{msg.location.get('lineNumber')}]")

    page.on("console", on_console)
    yield page
    assert not violations, "CSP violations reported by the browser:\n" + "\n".join(violations)


@pytest.fixture
def team(world):
    """The shared `world`, plus a housing lead and a few more actions so lists have something to filter.

    North Police (len-lead) leads 1.1 and 1.3; North Housing (hana-housing) leads 1.2 and 2.1."""
    from actions.models import Objective, Status
    from partnerships.models import Role
    from tests.conftest import add_update, make_action, make_user

    world.housing_lead = make_user("hana-housing", world.north, Role.LEAD, agency=world.housing)
    world.police_action.description = "Review the MARAC referral pathway with the police public protection unit"
    world.police_action.save()
    world.housing_action.description = "Extend the sanctuary scheme to private rented homes"
    world.housing_action.save()
    world.dash_action = make_action(
        world.plan, world.objective, "1.3", world.police,
        description="Train call handlers on the DASH risk checklist", timescale="Quarterly",
    )
    add_update(world.dash_action, 2009, 1, Status.AT_RISK, narrative="Trainer post vacant since May")
    world.objective2 = Objective.objects.create(
        plan=world.plan, ref="2", label="Objective", title="Protecting victims and children", order=2,
    )
    world.refuge_action = make_action(
        world.plan, world.objective2, "2.1", world.housing,
        description="Open six more refuge places for women with complex needs", timescale="March 2010",
    )
    add_update(world.refuge_action, 2009, 1, Status.ON_TRACK, narrative="Site agreed with the housing association")
    return world
