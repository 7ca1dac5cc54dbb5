"""The load_demo command: every seed file loads, twice changes nothing, demo users per role."""

from io import StringIO

import pytest
from django.core.management import call_command

from actions.models import Action, ProgressUpdate
from demo.loader import seed_files
from partnerships.models import Membership, Partnership, Role

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_all_four_partnerships_and_demo_users_are_loaded():
    assert len(seed_files()) == 5, "one YAML file per seed document"
    first = run()
    assert set(Partnership.objects.values_list("slug", flat=True)) >= {"luton", "bedfordshire", "camden", "lancashire"}
    memberships = Membership.objects.select_related("user", "partnership")
    roles = {m.user.username: (m.partnership.slug, m.role) for m in memberships}
    assert roles["demo-admin"] == ("bedfordshire", Role.ADMIN)
    assert roles["demo-coordinator"] == ("bedfordshire", Role.COORDINATOR)
    assert roles["demo-lead"] == ("bedfordshire", Role.LEAD)
    assert roles["demo-member"] == ("bedfordshire", Role.MEMBER)
    assert roles["demo-viewer"] == ("bedfordshire", Role.VIEWER)
    assert roles["demo-outsider"] == ("luton", Role.COORDINATOR)
    assert first.count("password ") == 6


def test_demo_lead_leads_several_bedfordshire_actions():
    run()
    lead = Membership.objects.get(user__username="demo-lead")
    assert Action.objects.filter(plan__strategy__partnership__slug="bedfordshire").led_by(lead).count() >= 3


def test_demo_member_sits_on_the_sig():
    run()
    member = Membership.objects.get(user__username="demo-member")
    assert member.person.group_places.filter(group__slug="sig").exists()


def test_running_twice_changes_nothing_and_prints_no_password():
    run()
    counts = (Action.objects.count(), ProgressUpdate.objects.count(), Action.history.count())
    second = run()
    assert "nothing changed" in second
    assert "password " not in second
    assert (Action.objects.count(), ProgressUpdate.objects.count(), Action.history.count()) == counts
