"""The Django admin for a partnership admin (is_staff, Membership role admin, no model permissions):
only their partnership's rows, choices and filters; another partnership's object answers 404."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from actions.models import Action, Strategy
from indicators.models import Bvpi225Question, Indicator, Value
from partnerships.models import Agency, Group, Meeting, Partnership, Person, Role
from tests.conftest import client_for


@pytest.fixture
def staff_admin(world):
    """Like demo-admin: the north partnership's admin, is_staff, no Django permissions at all."""
    world.admin.is_staff = True
    world.admin.save()
    assert not world.admin.user_permissions.exists()
    return world.admin


@pytest.fixture
def both(world):
    """One row of each kind in both partnerships."""
    south_agency = Agency.objects.create(partnership=world.south, name="South Police")
    Group.objects.create(partnership=world.south, slug="south-board", name="South Board")
    south_person = Person.objects.create(partnership=world.south, name="Sam South", agency=south_agency)
    north_indicator = Indicator.objects.create(partnership=world.north, code="NI 32", name="North repeat",
                                               unit="percent")
    south_indicator = Indicator.objects.create(partnership=world.south, code="NI 32", name="South repeat",
                                               unit="percent")
    Value.objects.create(indicator=north_indicator, year_start=2009, value=Decimal(30))
    Value.objects.create(indicator=south_indicator, year_start=2009, value=Decimal(40))
    return {"south_agency": south_agency, "south_person": south_person, "south_indicator": south_indicator,
            "north_indicator": north_indicator}


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_every_admin_of_the_three_apps_is_scoped():
    from partnerships.admin_scoping import PartnershipScopedAdmin

    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in {"partnerships", "actions", "indicators"}:
            assert isinstance(model_admin, PartnershipScopedAdmin), model
            for inline in model_admin.inlines:
                assert issubclass(inline, PartnershipScopedAdmin), inline


def test_partnership_admin_can_open_the_admin_and_sees_the_three_apps(world, staff_admin):
    page = client_for(staff_admin).get(reverse("admin:index")).content.decode()
    assert "Indicators" in page and "Actions" in page and "Partnerships" in page
    assert "/admin/auth/user/" not in page


@pytest.mark.parametrize("model,north_text,south_text", [
    (Agency, "North Police", "South Police"),
    (Group, "Strategy Implementation Group", "South Board"),
    (Indicator, "North repeat", "South repeat"),
    (Value, "30", "40"),
    (Partnership, "North Domestic Abuse Partnership", "South Community Safety Partnership"),
    (Action, "Action 1.1", "Action S1"),
    (Strategy, "North Domestic Abuse Partnership strategy", "South Community Safety Partnership strategy"),
])
def test_changelists_show_only_the_own_partnerships_rows(world, staff_admin, both, model, north_text, south_text):
    response = client_for(staff_admin).get(changelist(model))
    assert response.status_code == 200
    rows = response.content.decode().split('id="result_list"')[1].split("</table>")[0]
    assert north_text in rows
    assert south_text not in rows


def test_filters_do_not_list_other_partnerships(world, staff_admin, both):
    page = client_for(staff_admin).get(changelist(Indicator)).content.decode()
    assert "South Community Safety Partnership" not in page


def test_other_partnerships_object_pages_are_not_found_or_forbidden(world, staff_admin, both):
    client = client_for(staff_admin)
    assert client.get(change(both["south_agency"])).status_code == 404
    assert client.get(change(both["south_indicator"])).status_code == 404
    assert client.get(change(world.south)).status_code == 404
    assert client.get(change(world.south_action)).status_code == 404
    history = reverse("admin:partnerships_agency_history", args=[both["south_agency"].pk])
    assert client.get(history).status_code == 404
    delete = reverse("admin:partnerships_agency_delete", args=[both["south_agency"].pk])
    assert client.post(delete, {"post": "yes"}).status_code == 404
    assert Agency.objects.filter(pk=both["south_agency"].pk).exists()


def test_own_partnerships_object_can_be_changed(world, staff_admin, both):
    client = client_for(staff_admin)
    assert client.get(change(world.police)).status_code == 200
    response = client.post(change(world.police), {"name": "North Constabulary", "short_name": "", "kind": "police",
                                                   "partnership": world.north.pk})
    assert response.status_code == 302
    world.police.refresh_from_db()
    assert world.police.name == "North Constabulary"


def test_foreign_key_choices_are_limited_to_the_own_partnership(world, staff_admin, both):
    client = client_for(staff_admin)
    page = client.get(reverse("admin:partnerships_meeting_add")).content.decode()
    assert "North Police" in page  # the host agency select
    assert "South Police" not in page and "South Board" not in page
    # The autocomplete behind the person's agency field searches the own partnership only.
    found = client.get(reverse("admin:autocomplete"), {"app_label": "partnerships", "model_name": "person",
                                                       "field_name": "agency", "term": "Police"}).json()
    assert [r["text"] for r in found["results"]] == ["North Police"]
    # And posting another partnership's agency is refused.
    response = client.post(reverse("admin:partnerships_person_add"), {
        "partnership": world.south.pk, "name": "Intruder", "agency": both["south_agency"].pk,
    })
    assert response.status_code == 200
    assert not Person.objects.filter(name="Intruder").exists()


def test_many_to_many_choices_are_limited(world, staff_admin, both):
    m = Meeting.objects.create(group=world.sig, date="2009-05-01")
    page = client_for(staff_admin).get(change(m)).content.decode()
    assert "Mo Member" in page and "Sam South" not in page


def test_membership_user_choices_leave_out_other_partnerships_users(world, staff_admin):
    get_user_model().objects.create_user("nobody-yet")
    page = client_for(staff_admin).get(reverse("admin:partnerships_membership_add")).content.decode()
    assert "carol-coordinator" in page and "nobody-yet" in page
    assert "oscar-outsider" not in page


def test_admin_cannot_add_or_delete_partnerships_or_change_bvpi_questions(world, staff_admin):
    client = client_for(staff_admin)
    assert client.get(reverse("admin:partnerships_partnership_add")).status_code == 403
    q = Bvpi225Question.objects.create(number=1, text="Q1")
    assert client.get(change(q)).status_code == 200  # read-only view
    assert client.post(change(q), {"number": 1, "text": "Changed"}).status_code == 403
    q.refresh_from_db()
    assert q.text == "Q1"


def test_spreadsheet_import_is_for_superusers_only(world, staff_admin):
    assert client_for(staff_admin).get(reverse("admin:indicators_value_import")).status_code == 403


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.LEAD, Role.MEMBER, Role.VIEWER])
def test_staff_who_is_not_a_partnership_admin_sees_nothing(world, role):
    user = world.user({Role.COORDINATOR: "coordinator", Role.LEAD: "lead", Role.MEMBER: "member",
                       Role.VIEWER: "viewer"}[role])
    user.is_staff = True
    user.save()
    client = client_for(user)
    assert client.get(changelist(Agency)).status_code == 403
    assert client.get(change(world.police)).status_code == 404  # no object is theirs: as if none existed


def test_superuser_sees_every_partnership(world, both):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    rows = client_for(boss).get(changelist(Agency)).content.decode()
    assert "North Police" in rows and "South Police" in rows
