"""Users through django-import-export (the admin's flat-table import): new usernames become users
with no password, each row gives one membership, bad rows stop the whole file."""

from __future__ import annotations

import pytest
import tablib
from django.contrib.auth import get_user_model

from partnerships.models import Agency, Membership
from partnerships.resources import MembershipResource

HEADERS = ["username", "email", "first_name", "last_name", "partnership", "role", "agency"]


def _import(rows: list[list]):
    return MembershipResource().import_data(tablib.Dataset(*rows, headers=HEADERS))


def _errors(result) -> str:
    return " ".join(str(e) for row in result.invalid_rows for e in row.error.messages) + " ".join(
        str(e.error) for _, errs in result.row_errors() for e in errs)


def test_new_users_are_created_without_a_password_with_their_membership(world):
    result = _import([["pat.police", "pat@example.org", "Pat", "Police", "north", "lead", "North Police"],
                      ["hana", "hana@example.org", "Hana", "Housing", "north", "viewer", ""]])
    assert not result.has_errors() and not result.has_validation_errors(), _errors(result)
    pat = get_user_model().objects.get(username="pat.police")
    assert (pat.email, pat.first_name, pat.has_usable_password()) == ("pat@example.org", "Pat", False)
    membership = Membership.objects.get(user=pat)
    assert (membership.partnership, membership.role, membership.agency) == (world.north, "lead", world.police)
    assert Membership.history.filter(user_id=pat.pk).count() == 1


def test_an_existing_user_joins_another_partnership_and_a_second_import_changes_nothing(world):
    rows = [["carol-coordinator", "", "", "", "south", "viewer", ""]]
    _import(rows)
    assert set(world.coordinator.memberships.values_list("partnership__slug", "role")) == {
        ("north", "coordinator"), ("south", "viewer")}
    again = _import(rows)
    assert [r.import_type for r in again.rows] == ["skip"]


@pytest.mark.parametrize("row,reason", [
    (["newbie", "", "", "", "north", "chief", ""], "'chief' is not a valid choice"),
    (["newbie", "", "", "", "north", "lead", "South Police"],
     "agency 'South Police' is not one of partnership 'north's"),
    (["newbie", "not-an-email", "", "", "north", "lead", ""], "valid email"),
    (["", "", "", "", "north", "lead", ""], "the row has no username"),
])
def test_bad_rows_are_named_and_nothing_is_written(world, row, reason):
    Agency.objects.create(partnership=world.south, name="South Police")
    users, memberships = get_user_model().objects.count(), Membership.objects.count()
    result = _import([["fine", "fine@example.org", "", "", "north", "viewer", ""], row])
    assert result.has_errors() or result.has_validation_errors()
    assert reason in _errors(result)
    assert (get_user_model().objects.count(), Membership.objects.count()) == (users, memberships)
