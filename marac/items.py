"""The SafeLives quarterly MARAC data items and the benchmarks they are read against.

Sources (SafeLives' MARAC data pages, read 2026):
- "Latest Marac National Dataset", https://safelives.org.uk/practice-support/resources-marac-meetings/latest-marac-data
  MARACs send SafeLives, each quarter, the dates of their meetings and, per meeting, the cases discussed:
  the total, those referred by each agency, repeats, the children in the households, and the cases
  where the victim is Black, Asian or racially minoritised, LGBT+, disabled, male or aged 16-17, and
  where the person causing harm is 17 or below. The 12 months to 30/06/2023: 273 MARACs, 108,775 cases,
  138,340 children, 45 cases per 10,000 adult females, 32% repeat cases, 36% referred by partner
  agencies (other than the police); victims Black, Asian or racially minoritised 16.1%, LGBT+ 1.6%,
  disabled 10.0%, male 6.5%; aged 16-17: 1,424 (1.3%).
- "Reviewing your Marac data", https://safelives.org.uk/resources-for-professionals/marac-resources/reviewing-your-marac-data/
  the number of cases discussed is read against "the expected level of 40 cases per 10,000 of the
  adult female population" (a year's cases).
- "Marac cases: five year trend analysis", https://safelives.org.uk/research-policy-library/marac-cases-five-year-trend-analysis/
  cases per 10,000 = a year's cases (repeats included) / the adult (16+) female population covered x 10,000.
- "Definition of a repeat at Marac", https://safelives.org.uk/definition-repeat-marac : any instance of
  abuse between the same victim and perpetrator(s) within 12 months of the last referral.
- The expected range of repeat cases, 28% to 40% of cases discussed, is the range SafeLives' MARAC data
  reviews use (the national 32% sits in it); the stored copy of the review page above is cut off
  before its repeat item, so REPEAT_RANGE is a setting (MARAC_REPEAT_RANGE) a partnership can correct.

The items are held as indicators of the MARAC's area (codes SLQ-..., counts, polarity unknown: no
source says a MARAC should hear more or fewer of any of them; the benchmarks are levels, not
directions). Equality breakdowns are small counts about identifiable people: a count under 5 is shown
as "fewer than 5" in everything published (the page for anyone but a coordinator, the export)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

CASES_PER_10000_WOMEN = Decimal(getattr(settings, "MARAC_CASES_PER_10000", 40))
REPEAT_RANGE: tuple[Decimal, Decimal] = tuple(  # type: ignore[assignment]
    Decimal(str(n)) for n in getattr(settings, "MARAC_REPEAT_RANGE", (28, 40))
)
SUPPRESS_BELOW = 5
FEWER_THAN = f"fewer than {SUPPRESS_BELOW}"


@dataclass(frozen=True)
class Item:
    column: str        # the CSV column
    code: str          # the indicator's code
    name: str          # the indicator's name
    group: str         # "cases", "referrals", "equality"

    @property
    def is_equality(self) -> bool:
        return self.group == "equality"


ITEMS: list[Item] = [
    Item("cases_discussed", "SLQ-CASES", "MARAC cases discussed", "cases"),
    Item("repeat_cases", "SLQ-REPEAT", "MARAC repeat cases", "cases"),
    Item("children", "SLQ-CHILDREN", "Children in the households of MARAC cases", "cases"),
    Item("referrals_police", "SLQ-REF-POLICE", "MARAC cases referred by the police", "referrals"),
    Item("referrals_idva", "SLQ-REF-IDVA", "MARAC cases referred by IDVA services", "referrals"),
    Item("referrals_health", "SLQ-REF-HEALTH", "MARAC cases referred by health services", "referrals"),
    Item("referrals_childrens_social_care", "SLQ-REF-CSC", "MARAC cases referred by children's social care",
         "referrals"),
    Item("referrals_housing", "SLQ-REF-HOUSING", "MARAC cases referred by housing", "referrals"),
    Item("referrals_other", "SLQ-REF-OTHER", "MARAC cases referred by other agencies", "referrals"),
    Item("minoritised", "SLQ-MINORITISED", "MARAC cases: victim Black, Asian or racially minoritised", "equality"),
    Item("lgbt", "SLQ-LGBT", "MARAC cases: victim LGBT+", "equality"),
    Item("disabled", "SLQ-DISABLED", "MARAC cases: victim disabled", "equality"),
    Item("male", "SLQ-MALE", "MARAC cases: victim male", "equality"),
    Item("aged_16_17", "SLQ-16-17", "MARAC cases: victim aged 16-17", "equality"),
    Item("perpetrator_under_18", "SLQ-PERP-U18", "MARAC cases: person causing harm 17 or under", "equality"),
]
ITEM_BY_COLUMN = {item.column: item for item in ITEMS}
ITEM_BY_CODE = {item.code: item for item in ITEMS}
CSV_COLUMNS = ["marac", "quarter", *(item.column for item in ITEMS)]


def shown(item: Item, count: int | None, *, suppress: bool) -> str:
    """A count as published: '' when not recorded; an equality count under 5 as 'fewer than 5'."""
    if count is None:
        return ""
    if suppress and item.is_equality and count < SUPPRESS_BELOW:
        return FEWER_THAN
    return f"{count:,}"


def per_10000_women(quarter_cases: int, adult_women: int) -> Decimal | None:
    """A quarter's cases as a year's rate per 10,000 adult women (x 4), as SafeLives' benchmark counts a year."""
    if not adult_women:
        return None
    return (Decimal(quarter_cases) * 4 * 10000 / adult_women).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def percent(part: int | None, whole: int | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
