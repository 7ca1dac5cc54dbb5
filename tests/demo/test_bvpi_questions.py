"""The 11 official BVPI 225 questions (seed 003) as demo.loader.load_demo_data loads them."""

from __future__ import annotations

import pytest
import yaml

from demo.loader import FIXTURES_DIR, load_demo_data
from indicators.models import Bvpi225Question

QUESTIONS_FILE = "bvpi225_questions.yaml"


@pytest.fixture
def questions(db) -> dict[int, Bvpi225Question]:
    load_demo_data(only=[])  # the questions alone: they load before any seed file
    return {q.number: q for q in Bvpi225Question.objects.all()}


def test_eleven_questions_are_loaded(questions):
    assert sorted(questions) == list(range(1, 12))
    assert all(q.text.endswith("?") for q in questions.values())
    assert all(q.definition for q in questions.values())


def test_q2_is_refuge_places_per_ten_thousand_with_both_definition_paragraphs(questions):
    q2 = questions[2]
    assert "a minimum of 1 refuge place per ten thousand population" in q2.text
    # Definition paragraphs 2 ('Places', 'Refuge') and 3 (population) both belong to Q2.
    assert q2.definition.startswith("'Places' means the number of rooms providing bed spaces")
    assert "'Refuge' means emergency accommodation" in q2.definition
    assert q2.definition.endswith("Calculate 'Local Authority population' using the latest ONS mid-year estimates.")


def test_definitions_are_shifted_by_one_after_q2(questions):
    assert questions[3].definition.startswith("The co-ordinator should be employed at a local authority level")
    assert questions[5].definition.startswith("The forum should have a mix of statutory and voluntary sector")
    assert questions[9].definition.startswith("Any clause should make clear")


def test_q11_is_about_multi_agency_training(questions):
    q11 = questions[11]
    assert q11.text.startswith("Has the authority carried out a programme of multi-agency training")
    assert q11.definition.startswith("The training programme must cover domestic violence awareness training")


def test_italic_qualifications_are_notes(questions):
    noted = sorted(n for n, q in questions.items() if q.note)
    assert noted == [3, 7, 9]
    assert "35,000 households" in questions[3].note
    assert "LSVT organisations' tenancy agreement" in questions[9].note


def test_q9_pdf_ligature_is_repaired(questions):
    assert "have a specific clause" in questions[9].text
    assert "speci. c" not in questions[9].text


def test_reloading_the_questions_writes_nothing(questions):
    assert load_demo_data(only=[]).total_written == 0


def test_about_holds_the_formula_and_the_yes_rule():
    about = yaml.safe_load((FIXTURES_DIR / QUESTIONS_FILE).read_text(encoding="utf-8"))["about"]
    assert "N = (a / 11) x 100" in about
    assert "To answer 'yes' the local authority must have fully achieved the goal described" in about
    assert about.startswith("Purpose/aim: The purpose of this BVPI is to assess")
