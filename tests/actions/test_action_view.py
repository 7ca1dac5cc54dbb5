"""The action page: every column, leads, groups, the timeline, the year-end review and the history."""

from django.urls import reverse

from actions.models import Status, YearEndReview
from partnerships.models import Person
from tests.conftest import add_update


def action_url(action) -> str:
    return reverse("actions:action", kwargs={"partnership": "north", "pk": action.pk})


def test_action_page_shows_every_column_and_the_timeline_newest_first(client, world):
    action = world.police_action
    action.outcome = "Fewer repeat victims"
    action.resources = "£3500 venue & refreshments"
    action.funding_source = "Home Office"
    action.baseline = "2008-09 repeat rate 33%"
    action.performance_measures = "NI 32"
    action.save()
    action.lead_people.add(Person.objects.create(partnership=world.north, name="DCI Public Protection Unit"))
    action.responsibility_groups.add(world.sig)
    add_update(action, 2009, 1, Status.ON_TRACK, narrative="First quarter narrative")
    add_update(action, 2009, 2, Status.AT_RISK, narrative="Second quarter narrative", barriers="Barrier - DARO")
    client.force_login(world.member)
    html = client.get(action_url(action)).content.decode()
    for text in ("Fewer repeat victims", "£3500 venue &amp; refreshments", "Home Office", "2008-09 repeat rate 33%",
                 "NI 32", "North Police", "DCI Public Protection Unit", "Strategy Implementation Group",
                 "Barrier - DARO", "Status: At risk"):
        assert text in html, text
    assert html.index("Second quarter narrative") < html.index("First quarter narrative")


def test_coordinator_records_the_year_end_review(client, world):
    client.force_login(world.coordinator)
    url = reverse("actions:review", kwargs={"partnership": "north", "pk": world.police_action.pk})
    assert client.get(url).status_code == 405
    response = client.post(url, {"decision": "develop", "comment": "Extend to Central Bedfordshire"})
    assert response.status_code == 302
    review = YearEndReview.objects.get(action=world.police_action)
    assert (review.decision, review.decided_by) == ("develop", world.coordinator)
    html = client.get(action_url(world.police_action)).content.decode()
    assert "Keep and develop" in html and "Extend to Central Bedfordshire" in html
    assert "Created year-end review" in html


def test_lead_cannot_record_the_year_end_review(client, world):
    client.force_login(world.lead)
    url = reverse("actions:review", kwargs={"partnership": "north", "pk": world.police_action.pk})
    assert client.post(url, {"decision": "drop"}).status_code == 403
    assert not YearEndReview.objects.exists()


def test_another_partnerships_action_is_not_found(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("actions:action", kwargs={"partnership": "north", "pk": world.south_action.pk}))
    assert response.status_code == 404


def test_action_page_is_readable_without_script_and_labels_its_form(client, world):
    client.force_login(world.lead)
    html = client.get(action_url(world.police_action)).content.decode()
    assert 'for="id_quarter"' in html and 'for="id_evidence_file"' in html
    assert 'enctype="multipart/form-data"' in html and 'hx-post="' in html
    assert "style=" not in html and "<script>" not in html


def test_history_names_lead_changes_and_costs_the_same_queries_however_long(client, world):
    action = world.police_action

    def earlier() -> None:
        import datetime as dt

        from django.db.models import F

        action.history.update(history_date=F("history_date") - dt.timedelta(hours=1))
    client.force_login(world.coordinator)
    earlier()  # the action was created an hour ago
    action.lead_agencies.set([world.housing])  # two "~" records (remove, then add): one change on the page
    html = client.get(action_url(action)).content.decode()
    assert "<strong>Lead agencies</strong>: <del>North Police</del> → <ins>North Housing</ins>" in html
    assert html.count("Changed action 1.1") == 1

    def budget() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(action_url(action)).status_code == 200
        return len(queries)

    few = budget()
    for n in range(30):
        earlier()
        action.description = f"Edit {n}"
        action.save()
        action.lead_agencies.set([world.police] if n % 2 else [world.housing])
        add_update(action, 2009, 1 + n % 4, Status.ON_TRACK, narrative=f"Update {n}")
    assert budget() == few
