"""The main pages with the real seed documents loaded (long multi-line cells, plans of 30+ rows, labels
that differ per partnership): each page renders, and axe-core finds no serious or critical violation."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from actions.models import Action
from demo.loader import load_demo_data
from partnerships.models import Group, Membership, Partnership, Role
from tests.browser.support import axe_violations, describe_violations, screenshot, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_main_pages_of_every_demo_partnership_are_accessible(page: Page, live_server, transactional_db) -> None:
    load_demo_data()
    user = get_user_model().objects.create_user("dee-demo", email="dee@example.org", password=PASSWORD)
    partnerships = list(Partnership.objects.order_by("slug"))
    assert len(partnerships) >= 4
    for p in partnerships:
        Membership.objects.create(user=user, partnership=p, role=Role.COORDINATOR)

    sign_in(page, "dee-demo")
    expect(page.get_by_role("heading", name="Your partnerships", level=1)).to_be_visible()

    problems: list[str] = []
    for p in partnerships:
        actions = Action.objects.filter(plan__strategy__partnership=p)
        action = actions.order_by("-plan__year_start", "order", "pk").first()
        pages = [("dashboard", f"/p/{p.slug}/"), ("plan", f"/p/{p.slug}/plan/"),
                 ("indicators", f"/p/{p.slug}/indicators/"), ("bvpi225", f"/p/{p.slug}/indicators/bvpi225/")]
        if action is not None:
            pages.append(("action", f"/p/{p.slug}/actions/{action.pk}/"))
        pages.append(("groups", f"/p/{p.slug}/groups/"))
        group = Group.objects.filter(partnership=p).order_by("-meetings__date", "pk").first()
        if group is not None:
            pages.append(("group", f"/p/{p.slug}/groups/{group.slug}/"))
        for name, path in pages:
            response = page.goto(path)
            if response is None or response.status != 200:
                problems.append(f"{path}: HTTP {response.status if response else 'no response'}")
                continue
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            screenshot(page, f"demo-{p.slug}-{name}")
            violations = axe_violations(page, live_server)
            if violations:
                problems.append(f"{path}:\n{describe_violations(violations)}")
    assert not problems, "\n".join(problems)
