"""Money written in text, as plans write it: "£3500 venue & refreshments", "£25k",
"£230,000 (Supporting People) £50,000 (DA)", "LAA: MARAC £30k TVCP: £10K", "£300 p.a.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_AMOUNT = re.compile(r"£\s*(\d[\d,]*(?:\.\d{1,2})?)\s*([kKmM](?![a-zA-Z]))?")


@dataclass(frozen=True)
class Sum:
    amount: Decimal
    text: str


def parse_money(text: str | None) -> list[Sum]:
    """Every pound amount in the text, with the words that follow it up to the next amount."""
    text = text or ""
    matches = list(_AMOUNT.finditer(text))
    sums = []
    for i, m in enumerate(matches):
        amount = Decimal(m.group(1).replace(",", ""))
        suffix = (m.group(2) or "").lower()
        if suffix == "k":
            amount *= 1000
        elif suffix == "m":
            amount *= 1_000_000
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        sums.append(Sum(amount=amount.quantize(Decimal("0.01")), text=text[m.start():end].strip(" ;,\n")))
    return sums


def total_cost(text: str | None) -> Decimal | None:
    sums = parse_money(text)
    if not sums:
        return None
    return sum((s.amount for s in sums), Decimal("0"))


def format_pounds(amount: Decimal | int | float | None) -> str:
    if amount is None:
        return ""
    amount = Decimal(amount)
    if amount == amount.to_integral():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"
