"""Demonstration data: the Domestic Abuse Act 2021 Part 4 duty for Bedfordshire, as a tier-one council
runs it today (the 2009-2012 seed predates the Act). Everything here is labelled demonstration data.

- Central Bedfordshire Council (a unitary council: no district councils) with a Local Partnership Board:
  a new governance group whose members are posts, not people, from the seed's agencies. The children's
  representative is left out on purpose, so the board page shows a missing category.
- A needs assessment and a safe accommodation strategy, consulted on with the board and first published
  in December 2021 (SI 2021/990 reg 3: before 5 January 2022), reviewed in 2024, so the next review is
  due by 14 December 2027. The dates are illustrative, not Central Bedfordshire's own.
- Annual returns for 2023-24 and 2024-25 built from the national figures of MHCLG's "Support in Domestic
  Abuse Safe Accommodation" releases, scaled to the area by its share of England's population (Census
  2021: Central Bedfordshire 294,200 of England's 56,490,000):
  2023-24 (published 3 October 2024, https://www.gov.uk/government/publications/support-in-domestic-
  abuse-safe-accommodation-2023-to-2024): 63,950 individuals supported, of whom 36,870 women, 1,830 men,
  320 trans adults, 24,940 children; 33,970 with at least one specialist characteristic, black and
  minoritised survivors 25%, mental health 23%, disabled 14% of those supported; 26,870 households
  unable to be supported.
  2024-25 (published 16 October 2025, https://www.gov.uk/government/publications/support-in-domestic-
  abuse-safe-accommodation-2024-to-2025): 76,850 individuals supported (split by type here in the 2023-24
  proportions), 28,190 households unable to be supported, 22,230 households whose support ended, about
  46% of the households supported.
  Commissioned bed spaces (2022-23, the National Expert Steering Group's annual progress report,
  https://www.gov.uk/government/publications/delivery-of-support-in-domestic-abuse-safe-accommodation-
  annual-progress-report-2022-23): 16,350, of which 8,550 sanctuary scheme units and 3,850 refuge bed
  spaces; used for both years.
  An item the releases give no national figure for is left "not given"; the small counts the scaling
  makes (trans adults) show the suppression ("fewer than 5") at work.
"""

from __future__ import annotations

import datetime as dt

from demo.loader import LoadStats, upsert
from part4.models import AnnualReturn, Board, Category, Document, Seat, Version
from partnerships.models import Agency, Group, GroupMember, Partnership, Person

DEMO = "(demonstration data)"
SHARE = 294_200 / 56_490_000  # Central Bedfordshire's share of England's population, Census 2021

# post, agency, categories of the Act it represents
MEMBERS = [
    ("LPB: Assistant Director Community Safety", "Central Bedfordshire Council", [Category.TIER_ONE]),
    ("LPB: Victim Support area manager", "Victim Support", [Category.VICTIMS]),
    ("LPB: IDVA service manager", "IDVA service", [Category.VICTIMS, Category.CHARITIES]),
    ("LPB: Santosh Women's refuge manager", "Santosh Women's refuge", [Category.CHARITIES]),
    ("LPB: NHS Trust safeguarding lead", "NHS Trust", [Category.HEALTH]),
    ("LPB: Bedfordshire Police public protection", "Bedfordshire Police", [Category.JUSTICE]),
    ("LPB: Probation head of service", "Bedfordshire Probation Service", [Category.JUSTICE]),
]


def scaled(national: int) -> int:
    return round(national * SHARE)


def split(total: int, shares: dict[str, int]) -> dict[str, int]:
    """`total` split in proportion to `shares`, the last part taking the rounding so the parts add up."""
    whole = sum(shares.values())
    codes = list(shares)
    parts = {code: round(total * shares[code] / whole) for code in codes[:-1]}
    parts[codes[-1]] = total - sum(parts.values())
    return parts


TYPES_2023 = {"people_women": 36_870, "people_men": 1_830, "people_trans": 320, "people_children": 24_940}
BEDS = {"beds_sanctuary": scaled(8_550), "beds_refuge": scaled(3_850)}


def people(national_total: int) -> dict[str, int]:
    parts = split(scaled(national_total), TYPES_2023)
    characteristics = {"char_any": scaled(33_970 * national_total // 63_950)}
    supported = sum(parts.values())
    for code, percent in (("char_minoritised", 25), ("char_mental_health", 23), ("char_disabled", 14)):
        characteristics[code] = round(supported * percent / 100)
    return {"people_total": supported, **parts, **characteristics}


FIGURES = {
    2023: {**people(63_950), "not_supported_total": scaled(26_870), "beds_total": scaled(16_350), **BEDS},
    2024: {**people(76_850), "not_supported_total": scaled(28_190), "ended_total": scaled(22_230),
           "households_total": round(scaled(22_230) / 0.46), "beds_total": scaled(16_350), **BEDS},
}


def load(stats: LoadStats) -> None:
    partnership = Partnership.objects.filter(slug="bedfordshire").first()
    if partnership is None:  # the seed was not loaded (a partial load): nothing to add to
        return
    group = upsert(stats, Group, {"partnership": partnership, "slug": "central-beds-lpb"}, {
        "name": f"Central Bedfordshire Domestic Abuse Local Partnership Board {DEMO}",
        "short_name": "LPB",
        "purpose": ("Advises Central Bedfordshire Council on its Part 4 duty under the Domestic Abuse Act 2021: "
                    f"the needs assessment, the safe accommodation strategy and its review. {DEMO}"),
        "frequency": "quarterly",
    })
    board = upsert(stats, Board, {"group": group}, {
        "partnership": partnership, "council": "Central Bedfordshire Council", "has_districts": False,
        "appointed_on": dt.date(2021, 6, 1),
    })
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    for order, (post, agency_name, categories) in enumerate(MEMBERS):
        agency = agencies.get(agency_name)
        person = upsert(stats, Person, {"partnership": partnership, "name": post},
                        {"agency": agency, "job_title": DEMO})
        member = upsert(stats, GroupMember, {"group": group, "person": person, "role": GroupMember.Role.MEMBER},
                        {"agency": agency, "order": order})
        for category in categories:
            upsert(stats, Seat, {"member": member, "category": category}, {"board": board})

    needs = upsert(stats, Document, {"board": board, "kind": Document.Kind.NEEDS_ASSESSMENT},
                   {"title": f"Safe accommodation needs assessment 2021 {DEMO}"})
    upsert(stats, Version, {"document": needs, "label": "Final"}, {
        "consulted_on": dt.date(2021, 9, 14), "consultation_outcome": "Agreed by the board, with more data on "
        "victims from outside the area to be gathered for the next assessment.",
        "published_on": dt.date(2021, 10, 29), "notes": DEMO,
    })
    strategy = upsert(stats, Document, {"board": board, "kind": Document.Kind.STRATEGY},
                      {"title": f"Domestic abuse safe accommodation strategy 2021-2024 {DEMO}"})
    upsert(stats, Version, {"document": strategy, "label": "Final"}, {
        "consulted_on": dt.date(2021, 11, 23),
        "consultation_outcome": "Supported; the board asked for dispersed units for larger families.",
        "published_on": dt.date(2021, 12, 15), "notes": DEMO,
    })
    upsert(stats, Version, {"document": strategy, "label": "2024 review"}, {
        "consulted_on": dt.date(2024, 9, 17), "consultation_outcome": "Strategy kept, with an updated action plan.",
        "published_on": dt.date(2024, 11, 1), "reviewed_on": dt.date(2024, 10, 15), "notes": DEMO,
    })

    for year, figures in FIGURES.items():
        upsert(stats, AnnualReturn, {"board": board, "year_start": year}, {
            "figures": figures,
            "notes": ("Demonstration data: the national figures of MHCLG's Support in Domestic Abuse Safe "
                      "Accommodation statistics scaled to Central Bedfordshire's share of England's population; "
                      "items without a published national figure are not given."),
        })
