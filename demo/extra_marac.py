"""Demonstration data: a MARAC for Central Bedfordshire with a year of SafeLives quarterly MARAC data items,
built from the national figures SafeLives publishes and scaled to the area. Everything here is labelled
demonstration data; none of it is Central Bedfordshire's own.

- National figures: SafeLives, "Latest Marac National Dataset", 12 months 01/07/2022 to 30/06/2023
  (https://safelives.org.uk/practice-support/resources-marac-meetings/latest-marac-data): 108,775 cases,
  45 cases per 10,000 adult females, 138,340 children, 32% repeat cases, 36% referred by partner agencies
  (so 64% by the police), victims Black, Asian or racially minoritised 16.1%, LGBT+ 1.6%, disabled 10.0%,
  male 6.5%, aged 16-17 1.3%. The page's figure for perpetrators aged 17 or under is not in our copy, so
  that item is left not recorded; the partner agencies' 36% is given as "other agencies" (the national
  page does not split it).
- The area: Central Bedfordshire, 294,200 people (Census 2021); its women aged 16 and over estimated at
  41% of that (about the share in England and Wales at the 2021 census): 120,622. A demonstration
  estimate, not the ONS figure for the area.
- Each quarter from 2022-23 Q2 to 2023-24 Q1 gets a quarter of the national year's rate: 45 per 10,000
  a year is 136 cases a quarter; the other items are the national shares of those cases. The small
  counts (LGBT+ 2, aged 16-17 2) show the suppression ("fewer than 5") at work.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from demo.loader import LoadStats, upsert
from indicators.models import Indicator, Value
from marac.items import ITEMS
from marac.models import Marac
from partnerships.models import Area, Partnership
from partnerships.periods import Quarter

DEMO = "(demonstration data)"
NOTE = "Demonstration data: SafeLives' national 12 months to 30/06/2023 scaled to the area"
ADULT_WOMEN = round(294_200 * 0.41)
CASES = int((Decimal(45) * ADULT_WOMEN / 10_000 / 4).quantize(Decimal(1), rounding=ROUND_HALF_UP))
SHARES = {  # of the cases discussed
    "repeat_cases": Decimal("0.32"), "children": Decimal(138_340) / 108_775,
    "referrals_police": Decimal("0.64"), "referrals_other": Decimal("0.36"),
    "minoritised": Decimal("0.161"), "lgbt": Decimal("0.016"), "disabled": Decimal("0.100"),
    "male": Decimal("0.065"), "aged_16_17": Decimal("0.013"),
}
QUARTERS = [Quarter(2022, 2), Quarter(2022, 3), Quarter(2022, 4), Quarter(2023, 1)]


def figures() -> dict[str, int]:
    counts = {"cases_discussed": CASES}
    for column, share in SHARES.items():
        counts[column] = int((share * CASES).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return counts


def load(stats: LoadStats) -> None:
    partnership = Partnership.objects.filter(slug="bedfordshire").first()
    if partnership is None:
        return
    area = Area.objects.filter(partnership=partnership, slug="central-bedfordshire").first()
    if area is None:
        return
    upsert(stats, Marac, {"area": area}, {
        "partnership": partnership, "name": f"Central Bedfordshire MARAC {DEMO}",
        "adult_female_population": ADULT_WOMEN,
        "population_source": f"{DEMO} 41% of the 2021 census population, an estimate",
    })
    indicators = {}
    for order, item in enumerate(ITEMS, start=100):
        indicators[item.column] = upsert(stats, Indicator, {"partnership": partnership, "code": item.code}, {
            "name": item.name, "unit": Indicator.Unit.COUNT, "polarity": Indicator.Polarity.UNKNOWN,
            "source_text": "MARAC quarterly data (SafeLives items)", "order": order,
            "suppress_small_counts": item.is_equality,
        })
    for quarter in QUARTERS:
        for column, count in figures().items():
            upsert(stats, Value, {
                "indicator": indicators[column], "area": area, "year_start": quarter.year_start,
                "quarter": quarter.number,
            }, {"value": Decimal(count), "note": NOTE})
