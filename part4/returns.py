"""The items of the annual return on support in domestic abuse safe accommodation (April-March), as the
government's statistics report them, and the rules that keep a year's figures consistent.

Read off MHCLG, "Support in Domestic Abuse Safe Accommodation" (2023-24 release, 3 October 2024, and
2024-25 release, 16 October 2025, https://www.gov.uk/government/publications/support-in-domestic-abuse-
safe-accommodation-2024-to-2025): individuals supported in safe accommodation by type (women, men, trans
adults, children), by specialist characteristic (black and minoritised, mental health, disabled, ...),
households supported, households unable to be supported and why, households whose support ended with the
reasons and where they moved on to, and commissioned bed spaces (sanctuary schemes counted in units).
"Not all questions in this collection are mandatory; voluntary questions are clearly highlighted": the
headline counts of each section are marked mandatory here and their breakdowns (characteristics, reasons,
outcomes) voluntary. That split is the portal's reading of the release; check it against the year's
collection form when transcribing.

A count of fewer than 5 (but not none) is never published: `published` says "fewer than 5" instead, on
every page for readers and in the export (the statistics' own rule for small counts), and
`published_values` withholds a second count where a total less its other parts would give it away.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SUPPRESS_BELOW = 5
SUPPRESSED = "fewer than 5"


@dataclass(frozen=True)
class Section:
    key: str
    title: str


@dataclass(frozen=True)
class Item:
    code: str
    section: str
    label: str
    mandatory: bool


@dataclass(frozen=True)
class Total:
    """`total` is the sum of `parts`: exactly, when every part is given; at least their sum otherwise
    (a voluntary breakdown may be left partly empty)."""

    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Within:
    """Each of `parts` counts some of the people or households `total` counts (a person may have several
    characteristics, so they need not add up): none may be larger than the total."""

    total: str
    parts: tuple[str, ...]


SECTIONS = [
    Section("people", "People supported in safe accommodation"),
    Section("characteristics", "People supported with specialist characteristics"),
    Section("households", "Households supported, by type of safe accommodation"),
    Section("not_supported", "Households unable to be supported, and why"),
    Section("ended", "Households whose support ended, with reasons"),
    Section("outcomes", "Where households went when support ended"),
    Section("beds", "Commissioned bed spaces, by type of safe accommodation"),
]

M, V = True, False  # mandatory, voluntary

ITEMS = [
    Item("people_total", "people", "Individuals supported (total)", M),
    Item("people_women", "people", "Women", M),
    Item("people_men", "people", "Men", M),
    Item("people_trans", "people", "Trans adults", M),
    Item("people_children", "people", "Children", M),
    Item("char_any", "characteristics", "Individuals with at least one specialist characteristic", V),
    Item("char_minoritised", "characteristics", "Black and minoritised survivors", V),
    Item("char_mental_health", "characteristics", "Survivors with mental health needs", V),
    Item("char_disabled", "characteristics", "Disabled survivors", V),
    Item("char_lgbt", "characteristics", "LGBT+ survivors", V),
    Item("char_substance", "characteristics", "Survivors with substance misuse needs", V),
    Item("char_nrpf", "characteristics", "Survivors with no recourse to public funds", V),
    Item("char_young", "characteristics", "Young survivors (aged 16 to 25)", V),
    Item("char_older", "characteristics", "Older survivors (aged 60 and over)", V),
    Item("households_total", "households", "Households supported (total)", M),
    Item("households_refuge", "households", "Refuge", M),
    Item("households_specialist", "households", "Specialist safe accommodation", M),
    Item("households_dispersed", "households", "Dispersed accommodation", M),
    Item("households_sanctuary", "households", "Sanctuary scheme", M),
    Item("households_second_stage", "households", "Second stage (move-on) accommodation", M),
    Item("households_other", "households", "Other safe accommodation", M),
    Item("not_supported_total", "not_supported", "Households unable to be supported (total)", M),
    Item("not_supported_capacity", "not_supported", "No space or capacity", V),
    Item("not_supported_needs", "not_supported", "Needs could not be met by the service", V),
    Item("not_supported_risk", "not_supported", "Risk too high for the accommodation", V),
    Item("not_supported_declined", "not_supported", "Declined the offer of support", V),
    Item("not_supported_eligibility", "not_supported", "Not eligible (e.g. no recourse to public funds)", V),
    Item("not_supported_other", "not_supported", "Other reason", V),
    Item("ended_total", "ended", "Households whose support ended (total)", M),
    Item("ended_no_longer_needed", "ended", "Support no longer needed", V),
    Item("ended_moved_on", "ended", "Moved on from the accommodation", V),
    Item("ended_disengaged", "ended", "Disengaged or left", V),
    Item("ended_asked_to_leave", "ended", "Asked to leave or evicted", V),
    Item("ended_other", "ended", "Other reason", V),
    Item("outcome_settled", "outcomes", "Moved to settled accommodation", V),
    Item("outcome_temporary", "outcomes", "Moved to temporary accommodation", V),
    Item("outcome_other_safe", "outcomes", "Moved to other safe accommodation", V),
    Item("outcome_returned", "outcomes", "Returned to the home they left", V),
    Item("outcome_unknown", "outcomes", "Not known", V),
    Item("beds_total", "beds", "Commissioned bed spaces and units (total)", M),
    Item("beds_refuge", "beds", "Refuge bed spaces", M),
    Item("beds_specialist", "beds", "Specialist safe accommodation bed spaces", M),
    Item("beds_dispersed", "beds", "Dispersed accommodation bed spaces", M),
    Item("beds_sanctuary", "beds", "Sanctuary scheme units", M),
    Item("beds_second_stage", "beds", "Second stage accommodation bed spaces", M),
    Item("beds_other", "beds", "Other safe accommodation bed spaces", M),
]
ITEM_BY_CODE = {item.code: item for item in ITEMS}
CODES = [item.code for item in ITEMS]


def _codes(prefix: str, *, skip: str) -> tuple[str, ...]:
    return tuple(c for c in CODES if c.startswith(prefix) and c != skip)


CHARACTERISTICS = _codes("char_", skip="char_any")
OUTCOMES = _codes("outcome_", skip="")

TOTALS = [
    Total("people_total", _codes("people_", skip="people_total")),
    Total("households_total", _codes("households_", skip="households_total")),
    Total("not_supported_total", _codes("not_supported_", skip="not_supported_total")),
    Total("ended_total", _codes("ended_", skip="ended_total")),
    Total("beds_total", _codes("beds_", skip="beds_total")),
]
WITHIN = [
    Within("people_total", ("char_any",)),
    Within("char_any", CHARACTERISTICS),
    Within("ended_total", OUTCOMES),
]

Figures = Mapping[str, int | None]


def label(code: str) -> str:
    return ITEM_BY_CODE[code].label


def missing_mandatory(figures: Figures) -> list[Item]:
    return [item for item in ITEMS if item.mandatory and figures.get(item.code) is None]


def consistency_errors(figures: Figures, *, complete: bool = False) -> dict[str, str]:
    """What does not add up, by the item to correct: a total that is not the sum of its parts, a part
    larger than the total it counts within; with complete=True (a return marked submitted), a mandatory
    item left empty too."""
    errors: dict[str, str] = {}
    for item in missing_mandatory(figures) if complete else []:
        errors[item.code] = (f"{item.label} is a mandatory item: enter a count (0 if none) before marking the "
                             "return submitted.")
    for rule in TOTALS:
        total = figures.get(rule.total)
        given = [figures[p] for p in rule.parts if figures.get(p) is not None]
        if total is None or not given or rule.total in errors:
            continue
        parts_sum = sum(v for v in given if v is not None)
        if len(given) == len(rule.parts) and parts_sum != total:
            errors[rule.total] = (f"{label(rule.total)} is {total}, but its parts add up to {parts_sum}: the total "
                                  "must be their sum.")
        elif parts_sum > total:
            errors[rule.total] = (f"{label(rule.total)} is {total}, less than the {parts_sum} its parts given "
                                  "so far add up to.")
    for within in WITHIN:
        total = figures.get(within.total)
        if total is None:
            continue
        for part in within.parts:
            value = figures.get(part)
            if value is not None and value > total and part not in errors:
                errors[part] = f"{label(part)} ({value}) cannot be more than {label(within.total)} ({total})."
    return errors


WITHHELD = "withheld"


def published_values(figures: Figures) -> dict[str, str]:
    """Every item as the published outputs show it. Besides the counts of 1 to 4, a count from which a
    suppressed one could be worked out is withheld too: when a total and all of its parts are given and
    only one part is suppressed, the total less the others would give it away, so the smallest other
    part above 0 is withheld as well (the total itself, when there is no such part)."""
    shown = {item.code: published(figures.get(item.code)) for item in ITEMS}
    for rule in TOTALS:
        parts = [(code, figures.get(code)) for code in rule.parts]
        if not is_exact(shown[rule.total]) or any(v is None for _, v in parts):
            continue
        hidden = [code for code, _ in parts if shown[code] == SUPPRESSED]
        if len(hidden) != 1:
            continue
        others = sorted((v, code) for code, v in parts if code not in hidden and v)
        shown[others[0][1] if others else rule.total] = WITHHELD
    return shown


def is_exact(text: str) -> bool:
    return text not in (SUPPRESSED, WITHHELD, "not given")


def published(value: int | None) -> str:
    """A count as every published output shows it: 1 to 4 as "fewer than 5", an empty item as "not given"."""
    if value is None:
        return "not given"
    if 0 < value < SUPPRESS_BELOW:
        return SUPPRESSED
    return f"{value:,}"
