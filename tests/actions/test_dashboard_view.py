"""The partnership's home: my actions (due, overdue, awaiting my update), and the plan at a glance."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ActionPlan, Objective, QuarterLock, Status, UpdateRound
from partnerships.models import Membership, Role
from tests.actions.generated import generate_plan
from tests.conftest import add_update, make_action

DASHBOARD = reverse("actions:dashboard", kwargs={"partnership": "north"})


def test_lead_sees_own_overdue_actions_only(client, world):
    client.force_login(world.lead)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert [r.ref for r in response.context["my_rows"]] == ["1.1"]
    assert [r.ref for r in response.context["my_overdue"]] == ["1.1"]  # due September 2009


def test_due_uses_the_plans_last_quarter_when_the_plan_is_of_another_year(client, world):
    """No round open and the 2009-10 plan long past: its reporting quarter is its last, never today's."""
    make_action(world.plan, world.objective, "1.8", world.police, timescale="February 2010")
    today = timezone.localdate()
    make_action(world.plan, world.objective, "1.9", world.police, timescale=f"{today:%B %Y}")
    client.force_login(world.lead)
    response = client.get(DASHBOARD)
    assert [r.ref for r in response.context["my_due"]] == ["1.8"]
    html = response.content.decode()
    assert "Reporting quarter of North Domestic Abuse Partnership action plan: 2009-10 Q4" in html
    assert "Due in 2009-10 Q4 (1)" in html


def test_due_uses_the_open_rounds_quarter(client, world):
    make_action(world.plan, world.objective, "1.7", world.police, timescale="May 2009")
    make_action(world.plan, world.objective, "1.8", world.police, timescale="February 2010")
    UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=1, opened_at=timezone.now())
    client.force_login(world.lead)
    response = client.get(DASHBOARD)
    assert [r.ref for r in response.context["my_due"]] == ["1.7"]
    assert response.context["plan_quarter"].label == "2009-10 Q1"


def test_a_locked_quarter_is_not_the_reporting_quarter(client, world):
    QuarterLock.objects.create(plan=world.plan, year_start=2009, quarter=4, locked_at=timezone.now())
    client.force_login(world.lead)
    response = client.get(DASHBOARD)
    assert response.context["plan_quarter"].label == "2009-10 Q3"


def test_next_years_plan_does_not_hide_the_round_still_running(client, world):
    """An import added the 2010-11 plan of the same strategy while the 2009-10 Q1 round is open: the lead
    still sees the round's outstanding actions, and counts actions of both plans."""
    next_plan = ActionPlan.objects.create(strategy=world.strategy, year_start=2010, title="Action plan 2010-11")
    objective = Objective.objects.create(plan=next_plan, ref="1", title="Partnership working")
    make_action(next_plan, objective, "N1", world.police, timescale="February 2011")
    done = make_action(world.plan, world.objective, "1.4", world.police)
    UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=1, opened_at=timezone.now())
    add_update(done, 2009, 1, Status.ON_TRACK)
    client.force_login(world.lead)
    response = client.get(DASHBOARD)
    assert sorted(r.ref for r in response.context["my_rows"]) == ["1.1", "1.4", "N1"]
    (round_, rows), = response.context["awaiting"]
    assert [r.ref for r in rows] == ["1.1"]
    html = response.content.decode()
    assert "You lead 3 actions in" in html
    assert "All your actions have an update" not in html
    # Each plan is held to its own reporting quarter: 2009-10 Q1 (the round's), 2010-11 Q4 (its last).
    assert [r.ref for r in response.context["my_due"]] == ["N1"]
    assert "Due in 2009-10 Q1 or 2010-11 Q4 (1)" in html


def test_a_member_who_cannot_record_is_not_asked_for_updates(client, world):
    Membership.objects.filter(user=world.member).update(agency=world.police)
    UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=1, opened_at=timezone.now())
    client.force_login(world.member)
    response = client.get(DASHBOARD)
    assert response.context["awaiting"] == []
    assert "Awaiting my update" not in response.content.decode()


def test_awaiting_my_update_lists_actions_without_an_update_in_the_open_round(client, world):
    second = make_action(world.plan, world.objective, "1.4", world.police)
    UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=3, opened_at=timezone.now())
    add_update(second, 2009, 3, Status.ON_TRACK)
    client.force_login(world.lead)
    response = client.get(DASHBOARD)
    (round_, rows), = response.context["awaiting"]
    assert round_.quarter == 3
    assert [r.ref for r in rows] == ["1.1"]
    assert "Awaiting my update: 2009-10 Q3 round" in response.content.decode()


def test_glance_counts_actions_by_status_per_top_level_objective(client, world):
    add_update(world.police_action, 2009, 1, Status.AT_RISK)
    client.force_login(world.member)
    response = client.get(DASHBOARD)
    glance = response.context["glance"]
    (row,) = glance["rows"]
    counts = dict(zip([s for s, _ in glance["statuses"]], row["counts"], strict=True))
    assert counts[Status.AT_RISK] == 1 and counts[Status.NOT_STARTED] == 1 and row["total"] == 2
    html = response.content.decode()
    chart = json.loads(html.split('id="status-chart-data" type="application/json">')[1].split("</script>")[0])
    assert chart["labels"] == ["Objective 1"]
    assert {d["status"]: d["data"] for d in chart["datasets"]}[Status.AT_RISK] == [1]
    assert '<caption>Actions by status per objective</caption>' in html
    assert 'src="/static/js/actions.js"' in html and "<script>" not in html


def test_viewer_is_sent_to_reports_or_told_what_they_can_read(client, world):
    client.force_login(world.viewer)
    response = client.get(DASHBOARD)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.url == reverse("reports:index", kwargs={"partnership": "north"})
    else:
        assert "published reports" in response.content.decode()


def test_home_goes_straight_to_the_only_partnership(client, world):
    client.force_login(world.lead)
    response = client.get(reverse("partnerships:home"))
    assert response.status_code == 302 and response.url == DASHBOARD


def test_home_lists_partnerships_when_there_are_several(client, world):
    Membership.objects.create(user=world.lead, partnership=world.south, role=Role.MEMBER)
    client.force_login(world.lead)
    response = client.get(reverse("partnerships:home"))
    assert response.status_code == 200
    assert "South Community Safety Partnership" in response.content.decode()


@pytest.mark.parametrize("size, updates", [(5, 0), (200, 4)])
def test_dashboard_query_budget_does_not_grow_with_the_plan(client, world, django_assert_max_num_queries,
                                                             size, updates):
    generate_plan(world.plan, [world.police, world.housing], size, updates)
    UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=2, opened_at=timezone.now())
    client.force_login(world.lead)
    with django_assert_max_num_queries(15):
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert len(response.context["my_rows"]) == 1 + (size + 1) // 2


# The coordinator's and the member's to-do lists --------------------------------------------------


def test_coordinator_home_is_a_to_do_list(client, world):
    import datetime as dt

    from actions.services import action_update
    UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=2, opened_at=timezone.now(),
                               due_on=dt.date(2009, 10, 20))
    add_update(world.police_action, 2009, 1, Status.OFF_TRACK, narrative="Behind")
    pushed = make_action(world.plan, world.objective, "1.5", world.police, timescale="June 2009")
    action_update(action=pushed, user=world.coordinator, version=pushed.version, data={"timescale": "March 2010"})
    client.force_login(world.coordinator)
    response = client.get(DASHBOARD)
    c = response.context["coordinator"]
    # Three actions: none in for Q2; 1.2 (North Housing) has no lead with an account.
    assert (c["progress"].updated, c["progress"].outstanding) == (0, 3)
    assert [u.action.ref for u in c["progress"].nobody_to_chase] == ["1.2"]
    assert [r.ref for r in c["concern"].rows] == ["1.1"]
    assert [r.ref for r in c["silent"].rows] == ["1.2", "1.5"] and c["silent"].count == 2  # 1.1 had a Q1 update
    assert [(p.row.ref, p.first_due) for p in c["pushed"]] == [("1.5", dt.date(2009, 6, 30))]
    html = response.content.decode()
    assert "0 in, 3 outstanding; <strong>1 with nobody to chase</strong>, due 20 October 2009" in html
    assert "<strong>Next return:</strong> 2009-10 Q2, updates due 20 October 2009" in html
    assert "due 31 March 2010, first 30 June 2009" in html


def test_coordinator_without_a_round_is_offered_one(client, world):
    client.force_login(world.coordinator)
    html = client.get(DASHBOARD).content.decode()
    assert "No update round is open for" in html and "Open the 2009-10 Q4 round" in html


def test_a_lead_gets_no_coordinator_list(client, world):
    client.force_login(world.lead)
    assert client.get(DASHBOARD).context["coordinator"] is None


def test_member_home_lists_their_groups_and_next_meeting(client, world):
    import datetime as dt

    from partnerships.models import Meeting
    Meeting.objects.create(group=world.sig, date=dt.date.today() - dt.timedelta(days=30))
    Meeting.objects.create(group=world.sig, date=dt.date.today() + dt.timedelta(days=10))
    client.force_login(world.member)
    response = client.get(DASHBOARD)
    (g,) = response.context["member"]["groups"]
    assert g["group"] == world.sig and g["meeting"].date == dt.date.today() + dt.timedelta(days=10)
    html = response.content.decode()
    assert "Strategy Implementation Group</a> (member): next meeting" in html
    assert "Review the return" in html
    assert response.context["member"]["signs_off"] is False


@pytest.mark.parametrize("size, updates", [(5, 1), (300, 2)])
def test_coordinator_home_query_budget_does_not_grow_with_the_plan(client, world, django_assert_max_num_queries,
                                                                   size, updates):
    generate_plan(world.plan, [world.police, world.housing], size, updates)
    UpdateRound.objects.create(plan=world.plan, year_start=2009, quarter=3, opened_at=timezone.now())
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(37):  # 37: and the Part 4 duty warnings (3)
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    c = response.context["coordinator"]
    assert c["progress"].total == size + 2
    assert len(c["overdue"].rows) == min(c["overdue"].count, 10)
    if size > 100:
        assert c["overdue"].more > 0 and "overdue actions on the plan</a>" in response.content.decode()


def test_a_coordinator_home_warns_of_a_part4_board_without_a_published_strategy(client, world):
    """The statutory duty's warning reaches the coordinator's home, not only the Part 4 pages; a lead's
    home has none."""
    from part4.models import Board

    Board.objects.create(partnership=world.north, group=world.sig, council="North Council")
    client.force_login(world.coordinator)
    page = client.get(DASHBOARD).content.decode()
    assert "Statutory duties" in page and "North Council has not published its safe accommodation strategy." in page
    client.force_login(world.lead)
    assert "Statutory duties" not in client.get(DASHBOARD).content.decode()
