"""The strategy page: vision, plans, and the draft and approval history."""

import datetime as dt

from django.urls import reverse

from actions.models import StrategyApproval, StrategyRevision


def test_strategy_page_shows_drafts_and_approvals_with_dates(client, world):
    world.strategy.vision = "Everyone lives free from domestic abuse"
    world.strategy.save()
    draft = StrategyRevision.objects.create(strategy=world.strategy, order=1, label="Draft 1",
                                            drafted_on=dt.date(2009, 1, 22))
    StrategyApproval.objects.create(revision=draft, body="SIG", group=world.sig, decision="discussed",
                                    date=dt.date(2009, 1, 27))
    StrategyRevision.objects.create(strategy=world.strategy, order=2, label="Final")
    client.force_login(world.member)
    response = client.get(reverse("actions:strategy", kwargs={"partnership": "north", "strategy_slug": "strategy"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Everyone lives free from domestic abuse" in html
    assert "Draft 1" in html and "22 January 2009" in html
    assert "SIG: Discussed, 27 January 2009" in html
    assert html.index("Draft 1") < html.index("Final")
    assert "North Domestic Abuse Partnership action plan (2009-10)</a>: 2 actions" in html


def test_another_partnerships_strategy_is_not_found(client, world):
    client.force_login(world.coordinator)
    url = reverse("actions:strategy", kwargs={"partnership": "north", "strategy_slug": "south-strategy"})
    assert client.get(url).status_code == 404
