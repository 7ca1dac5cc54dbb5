"""The return's items and rules: totals are the sum of their parts, a part counted within a total is no
larger than it, mandatory items are needed only once the return is submitted, and counts of 1 to 4 are
published as "fewer than 5"."""

from __future__ import annotations

from part4.returns import CODES, ITEMS, SECTIONS, consistency_errors, published, published_values


def test_every_item_has_a_known_section_and_a_unique_code() -> None:
    assert {item.section for item in ITEMS} == {s.key for s in SECTIONS}
    assert len(set(CODES)) == len(CODES)
    assert any(item.mandatory for item in ITEMS) and any(not item.mandatory for item in ITEMS)


def test_a_total_that_is_not_the_sum_of_all_its_parts_is_named() -> None:
    figures = {"people_total": 10, "people_women": 6, "people_men": 1, "people_trans": 0, "people_children": 4}
    errors = consistency_errors(figures)
    assert errors == {"people_total": "Individuals supported (total) is 10, but its parts add up to 11: the total "
                                      "must be their sum."}
    assert consistency_errors({**figures, "people_total": 11}) == {}


def test_a_partial_voluntary_breakdown_may_not_exceed_its_total() -> None:
    assert consistency_errors({"not_supported_total": 8, "not_supported_capacity": 5}) == {}
    errors = consistency_errors({"not_supported_total": 8, "not_supported_capacity": 5, "not_supported_risk": 4})
    assert "less than the 9" in errors["not_supported_total"]


def test_a_characteristic_cannot_count_more_people_than_were_supported_with_one() -> None:
    errors = consistency_errors({"people_total": 50, "char_any": 20, "char_disabled": 21, "char_lgbt": 20})
    assert list(errors) == ["char_disabled"]
    assert consistency_errors({"people_total": 10, "char_any": 11}) == {
        "char_any": "Individuals with at least one specialist characteristic (11) cannot be more than "
                    "Individuals supported (total) (10)."}


def test_mandatory_items_are_needed_only_for_a_submitted_return() -> None:
    assert consistency_errors({}) == {}
    missing = consistency_errors({}, complete=True)
    assert set(missing) == {item.code for item in ITEMS if item.mandatory}
    assert "char_any" not in missing


def test_small_counts_are_published_as_fewer_than_5() -> None:
    assert [published(v) for v in (None, 0, 1, 4, 5, 1234)] == [
        "not given", "0", "fewer than 5", "fewer than 5", "5", "1,234"]


def test_a_count_that_would_give_a_suppressed_one_away_is_withheld() -> None:
    figures = {"people_total": 20, "people_women": 12, "people_men": 3, "people_trans": 0, "people_children": 5}
    shown = published_values(figures)
    assert shown["people_men"] == "fewer than 5"
    assert shown["people_children"] == "withheld"  # else 20 - 12 - 0 - 5 gives the 3 away
    assert shown["people_women"] == "12" and shown["people_total"] == "20"
    # two suppressed parts cannot be told apart from the total: nothing more is withheld
    assert "withheld" not in published_values({**figures, "people_trans": 2, "people_total": 22}).values()
    # a breakdown left partly empty gives nothing away
    assert published_values({"ended_total": 9, "ended_moved_on": 2, "ended_other": 7})["ended_other"] == "7"
    # no other part above 0: the total is withheld
    only = published_values({"beds_total": 3, "beds_refuge": 3, **{c: 0 for c in
                                                                   ("beds_specialist", "beds_dispersed",
                                                                    "beds_sanctuary", "beds_second_stage",
                                                                    "beds_other")}})
    assert only["beds_total"] == "fewer than 5"
