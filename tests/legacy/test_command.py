"""`manage.py import_legacy`: each seed file and a layout of the partnership's own (with --map),
the same preview summary as the browser, --dry-run writes nothing, problems exit non-zero with
each row's problem, and a second run changes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from actions.models import Action, Objective, ProgressUpdate
from demo.loader import FIXTURES_DIR, LoadStats, load_questions
from indicators.models import Bvpi225Answer
from legacy.models import ImportRecord
from partnerships.models import Agency, Area, Partnership

DATA = Path(__file__).resolve().parents[1] / "data" / "legacy"

OWN_LAYOUT = (
    "Task no,Strand,Aim,Task,Owner,Deadline,Latest position,RAG\n"
    "T1,Victims,Safer victims,Run the MARAC monthly,Seedland Police,Ongoing,Meeting monthly,Green\n"
    "T2,,,Train frontline staff,Seedland Police,March 2010,Two sessions held,Amber\n"
    "T3,Perpetrators,Fewer repeats,Start a perpetrator programme,,June 2010,,Red\n"
)
OWN_MAP = ("ref=Task no,theme=Strand,objective=Aim,action=Task,lead=Owner,timescale=Deadline,"
           "progress=Latest position,status=RAG")


@pytest.fixture
def seedland(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    partnership = Partnership.objects.create(slug="seedland", name="Seedland")
    Area.objects.create(partnership=partnership, slug="luton", name="Luton")
    Agency.objects.create(partnership=partnership, name="Seedland Police")
    load_questions(LoadStats(), FIXTURES_DIR / "bvpi225_questions.yaml")
    return partnership


def _run(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_legacy", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.mark.parametrize("name,year,layout", [
    ("seed_000_luton_bvpi225.xls", "2005-06", "bvpi225"),
    ("seed_001_bedfordshire.docx", "2009-10", "bedfordshire_001"),
    ("seed_002_luton.xlsx", "2012-13", "luton_002"),
    ("seed_003_camden.csv", "2007-08", "camden_003"),
    ("seed_004_lancashire.xlsx", "2007-08", "lancashire_004"),
])
def test_each_seed_imports_from_the_command_line_and_again_changes_nothing(seedland, name, year, layout):
    path = str(DATA / name)
    out = _run(path, "--partnership", "seedland", "--year", year)
    assert f"layout {layout}" in out or layout in out
    assert "imported:" in out and " 0 changed" in out
    record = ImportRecord.objects.get()
    assert record.created > 0 and record.layout == layout
    again = _run(path, "--partnership", "seedland", "--year", year)
    assert "imported: 0 created, 0 changed" in again


def test_a_layout_of_their_own_with_a_column_mapping(seedland, tmp_path):
    path = tmp_path / "our-plan.csv"
    path.write_text(OWN_LAYOUT, encoding="utf-8")
    out = _run(str(path), "--partnership", "seedland", "--year", "2009-10", "--map", OWN_MAP)
    assert "imported:" in out
    actions = {a.ref: a for a in Action.objects.filter(plan__strategy__partnership=seedland)}
    assert set(actions) == {"T1", "T2", "T3"}
    assert actions["T2"].objective.title == "Safer victims"  # a blank Aim carries the one above down
    assert list(actions["T1"].lead_agencies.values_list("name", flat=True)) == ["Seedland Police"]
    assert actions["T3"].status == "off_track"  # Red
    assert ProgressUpdate.objects.get(action=actions["T2"]).narrative == "Two sessions held"
    assert Objective.objects.filter(plan__strategy__partnership=seedland, title="Victims").exists()


def test_dry_run_prints_the_preview_and_writes_nothing(seedland):
    out = _run(str(DATA / "seed_004_lancashire.xlsx"), "--partnership", "seedland", "--year", "2007-08", "--dry-run")
    assert "dry run: nothing written" in out
    assert "12" in out  # the summary counts the 12 actions
    assert not Action.objects.exists() and not ImportRecord.objects.exists()


def test_problems_are_listed_by_row_and_the_command_fails_without_writing(seedland, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(OWN_LAYOUT + "T1,Victims,Safer victims,Duplicate ref,,Whenever next,,Green\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="problem"):
        call_command("import_legacy", str(path), "--partnership", "seedland", "--year", "2009-10", "--map", OWN_MAP,
                     stdout=io.StringIO(), stderr=err)
    assert "row 5" in err.getvalue().lower() and "T1" in err.getvalue()
    assert not Action.objects.exists()


@pytest.mark.parametrize("args,message", [
    (["--partnership", "nowhere", "--year", "2009-10"], "no partnership 'nowhere'"),
    (["--partnership", "seedland", "--year", "next year"], "next year"),
    (["--partnership", "seedland", "--year", "2009-10", "--map", "colour=Task"], "'colour' is not a field"),
    (["--partnership", "seedland", "--year", "2009-10", "--layout", "nonsense"], "'nonsense' is not a layout"),
])
def test_bad_arguments_are_named(seedland, args, message):
    with pytest.raises(CommandError, match=message):
        _run(str(DATA / "seed_004_lancashire.xlsx"), *args)
    assert not Bvpi225Answer.objects.exists() and not Action.objects.exists()


def test_with_a_user_the_import_is_theirs_and_held_to_their_role(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    path = str(DATA / "seed_004_lancashire.xlsx")
    with pytest.raises(CommandError, match="carol-coordinator may not import into north"):
        _run(path, "--partnership", "north", "--year", "2007-08", "--user", "carol-coordinator")
    with pytest.raises(CommandError, match="no user 'nobody'"):
        _run(path, "--partnership", "north", "--year", "2007-08", "--user", "nobody")
    assert not ImportRecord.objects.exists()
    assert "imported:" in _run(path, "--partnership", "north", "--year", "2007-08", "--user", "alice-admin")
    assert ImportRecord.objects.get().imported_by == world.admin


def test_a_warning_is_printed_and_the_file_still_imports(seedland, tmp_path):
    path = tmp_path / "warn.csv"
    path.write_text("Ref,Objective,Action,Status\n1.1,Safety,Run the MARAC,Purple\n")
    out = io.StringIO()
    call_command("import_legacy", str(path), "--partnership", "seedland", "--year", "2009-10", stdout=out)
    assert "warning: row 2, Status: 'Purple' is not a status" in out.getvalue()
    assert Action.objects.filter(plan__strategy__partnership=seedland, ref="1.1").exists()
