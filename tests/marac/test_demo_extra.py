"""demo/extra_marac.py: a year of MARAC figures for Central Bedfordshire, labelled, idempotent."""

from __future__ import annotations

from decimal import Decimal

from demo import extra_marac
from demo.loader import LoadStats
from indicators.models import Value
from marac.models import Marac
from marac.queries import marac_quarters
from partnerships.models import Area, Partnership


def test_demo_marac_is_labelled_scaled_from_the_national_rate_and_idempotent(db):
    partnership = Partnership.objects.create(slug="bedfordshire", name="Bedfordshire")
    Area.objects.create(partnership=partnership, slug="central-bedfordshire", name="Central Bedfordshire")
    extra_marac.load(LoadStats())
    again = LoadStats()
    extra_marac.load(again)
    assert again.total_written == 0
    marac = Marac.objects.get()
    assert "(demonstration data)" in marac.name
    assert all(v.note.startswith("Demonstration data") for v in Value.objects.all())
    [block] = marac_quarters(partnership, suppress=True)
    assert len(block.rows) == 4
    latest = block.rows[0]
    # The national 45 a year per 10,000 adult women, back from the scaled quarter (136 cases).
    assert latest.counts["cases_discussed"] == 136 and latest.rate == Decimal("45.1")
    assert latest.repeat_reading == "within the expected range"
    assert latest.counts["lgbt"] == 2 and "fewer than 5" in latest.cells
