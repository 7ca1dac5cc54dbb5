"""Nothing lost in silence: unmapped columns are listed, a recommendation with no sub-action is the
action, evidence of completion reaches the progress update, the ordinary headers of trackers are
guessed, and a file with no action column is refused with the headers found and a --map to try."""

from __future__ import annotations

from actions.models import ProgressUpdate
from legacy.layouts import Context, mapped
from legacy.layouts.mapped import guess_mapping, parse_mapping
from legacy.services import legacy_import, legacy_preview
from tests.legacy.layouts import tables

TRACKER = ["Ref", "Recommendation", "Sub-Action", "Lead", "Delivery Status", "Evidence of completion",
           "Cross Reference Point"]


def test_tracker_headers_are_guessed():
    assert guess_mapping(TRACKER) == {
        "ref": "Ref", "objective": "Recommendation", "action": "Sub-Action", "lead": "Lead",
        "status": "Delivery Status", "evidence": "Evidence of completion"}
    assert guess_mapping(["Action", "Q1 RAG", "Backed up by"]) == {
        "action": "Action", "status": "Q1 RAG", "evidence": "Backed up by"}
    assert guess_mapping(["Action", "Evidence"])["evidence"] == "Evidence"


def test_a_blank_sub_action_makes_the_recommendation_the_action():
    parsed = mapped.parse(tables(
        TRACKER,
        ["1", "Agencies should share DASH risk assessments", "", "Police", "Complete", "", ""],
        ["2", "Train GPs in routine enquiry", "Run two sessions", "CCG", "G", "", ""],
        ["3", "", "Audit referrals", "CCG", "A", "", ""],
    ), Context(year_start=2024))
    assert parsed.problems == []
    assert [(a.ref, a.objective_ref, a.description) for a in parsed.actions] == [
        ("1", "1", "Agencies should share DASH risk assessments"), ("2", "2", "Run two sessions"),
        ("3", "2", "Audit referrals")]
    assert [o.title for o in parsed.objectives] == ["Agencies should share DASH risk assessments",
                                                     "Train GPs in routine enquiry"]


def test_a_blank_action_under_an_objective_is_still_refused():
    parsed = mapped.parse(tables(["Ref", "Objective", "Action"], ["1.1", "Safety", ""]), Context(year_start=2024))
    assert "the action is empty" in [p.reason for p in parsed.problems]


def test_unmapped_columns_are_listed():
    parsed = mapped.parse(tables(TRACKER, ["1", "Share DASH", "Send them", "Police", "G", "", "DHR 3.2"]),
                          Context(year_start=2024))
    assert parsed.unmapped == ["Cross Reference Point"]


def test_a_missing_action_column_is_refused_with_the_headers_found_and_a_map_to_try():
    parsed = mapped.parse(tables(["Ref", "Lead", "Timescale"], ["1.1", "Police", "Ongoing"]),
                          Context(year_start=2024))
    (problem,) = parsed.problems
    assert "missing required column" in problem.reason
    assert "The headers found are 'Ref', 'Lead', 'Timescale'" in problem.reason
    suggestion = problem.reason.split('--map "')[1].rstrip('"')
    assert suggestion == "action=<the action's header>,ref=Ref,lead=Lead,timescale=Timescale"
    assert parse_mapping(suggestion)["timescale"] == "Timescale"  # ready to paste


def test_evidence_reaches_the_progress_update_and_unmapped_columns_reach_the_preview(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = (b"Ref,Recommendation,Sub-Action,Delivery Status,Latest progress,Evidence of completion,"
            b"Cross Reference Point\n"
            b"7.1,Share DASH forms,,Complete,Forms now shared at MARAC,MARAC minutes March,DHR 3.2\n"
            b"7.2,Share DASH forms,Audit the sharing,Amber,,Audit report,DHR 3.3\n"
            b"7.3,Share DASH forms,Train staff,,,Register of attendance,\n")
    preview = legacy_preview(user=None, data=data, filename="t.csv", partnership=world.north, year_start=2009)
    assert preview.unmapped == ["Cross Reference Point"]
    legacy_import(user=None, data=data, filename="t.csv", partnership=world.north, year_start=2009)
    updates = {u.action.ref: u for u in ProgressUpdate.objects.filter(action__plan=world.plan)
               .select_related("action")}
    assert (updates["7.1"].status, updates["7.1"].evidence) == ("completed", "MARAC minutes March")
    assert (updates["7.2"].status, updates["7.2"].evidence) == ("at_risk", "Audit report")
    # Evidence with no status and no progress to report it under: kept in the comments.
    assert "7.3" not in updates
    assert world.plan.actions.get(ref="7.3").comments == "Evidence of completion: Register of attendance"
    assert world.plan.actions.get(ref="7.1").description == "Share DASH forms"


def test_with_no_action_header_the_column_with_the_longest_texts_is_proposed():
    parsed = mapped.parse(tables(
        ["Ref", "Aims", "Detail", "Lead"],
        ["1", "Safer victims", "Run the MARAC every month with all agencies", "Police"],
        ["2", "Safer victims", "Train frontline staff in the DASH risk checklist", "Council"],
    ), Context(year_start=2024))
    assert parsed.problems == []
    assert [a.description for a in parsed.actions] == ["Run the MARAC every month with all agencies",
                                                       "Train frontline staff in the DASH risk checklist"]
    assert "'Detail', the column with the longest texts, is taken as the action" in parsed.warnings[0].reason


def test_with_every_column_taken_nothing_is_proposed_and_the_file_is_refused():
    parsed = mapped.parse(tables(["Ref", "Lead", "Timescale"], ["1.1", "Police", "Ongoing"]),
                          Context(year_start=2024))
    assert "missing required column" in parsed.problems[0].reason
