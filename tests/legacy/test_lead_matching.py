"""Leads: each lead cell is split on / & , ; and "and" and matched to the partnership's agencies by
name, short name, initials and the start of the name ("Met"); what matches nothing is a warning on
the preview naming the closest agencies, and the cell is kept as written."""

from __future__ import annotations

from legacy.diff.plan import LeadMatcher
from legacy.services import legacy_preview
from partnerships.models import Agency


def test_short_forms_and_initials_match_one_agency(world):
    met = Agency.objects.create(partnership=world.north, name="Metropolitan Police")
    barnet = Agency.objects.create(partnership=world.north, name="London Borough of Barnet")
    matcher = LeadMatcher(world.north)
    agencies, people, unmatched = matcher.match_all("LBB / Met")
    assert {a.pk for a in agencies} == {met.pk, barnet.pk}
    assert (people, unmatched) == ([], [])


def test_a_short_form_shared_by_two_agencies_matches_neither(world):
    Agency.objects.create(partnership=world.north, name="Northshire Council")  # 'north' starts both
    agencies, _, unmatched = LeadMatcher(world.north).match_all("North & North Housing")
    assert [a.name for a in agencies] == ["North Housing"]
    assert unmatched == ["north"]


def test_an_unmatched_lead_is_a_warning_with_the_closest_agencies(world):
    data = b"Ref,Objective,Action,Lead\n1.1,Safety,Run the MARAC,North Polise and Probation\n"
    preview = legacy_preview(user=None, data=data, filename="l.csv", partnership=world.north, year_start=2009)
    assert preview.problems == []
    reasons = [w.reason for w in preview.warnings if w.column == "Lead"]
    assert reasons == [
        "'north polise' matches no agency or person of the partnership: kept as written (closest: North Police)",
        "'probation' matches no agency or person of the partnership: kept as written"]
    action = next(r for r in preview.rows if r.kind == "action")
    assert action.values["by_whom"] == "North Polise and Probation"
