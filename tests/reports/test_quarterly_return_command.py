"""manage.py quarterly_return: writes PDFs, lists what it can produce, names bad values."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.reports.conftest import pdf_text


def run(*args) -> str:
    out = io.StringIO()
    call_command("quarterly_return", *args, stdout=out)
    return out.getvalue()


def test_list_prints_plan_years_quarters_and_groups(world):
    out = run("north", "--list")
    assert '"2009-10 Q1", "2009-10 Q2", "2009-10 Q3", "2009-10 Q4"' in out
    assert "sig: Strategy Implementation Group (all areas)" in out


def test_writes_the_return_of_one_group_to_a_file(world, tmp_path):
    target = tmp_path / "sig.pdf"
    out = run("north", "2009-10 Q3", "--group", "sig", "-o", str(target))
    assert "2009-10 Q3 return for Strategy Implementation Group" in out
    assert "Quarterly return 2009-10 Q3" in pdf_text(target.read_bytes())


def test_without_group_writes_the_whole_partnerships_return(world, tmp_path):
    out = run("north", "2009-10 Q1", "-o", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["north-2009-10-q1-partnership-return.pdf"]
    assert "return for the whole of North Domestic Abuse Partnership" in out
    text = pdf_text((tmp_path / "north-2009-10-q1-partnership-return.pdf").read_bytes())
    assert "The whole partnership" in text and "all 2 actions" in text


@pytest.mark.parametrize("args, message", [
    (("nowhere", "2009-10 Q1"), "'nowhere'"),
    (("north", "2009 Q5"), "'2009 Q5'"),
    (("north", "2012-13 Q1"), "no action plan for 2012-13 Q1"),
    (("north", "2009-10 Q1", "--group", "nogroup"), "'nogroup'"),
    (("north",), "Give the quarter"),
])
def test_bad_values_are_named_in_the_error(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
