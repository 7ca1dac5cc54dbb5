"""A MARAC (multi-agency risk assessment conference) of the partnership: what the indicators app cannot
hold. Its quarterly figures are indicator values of its area (marac.items, indicators.models.Value);
this model adds only the MARAC's name and the adult female population it covers, from which the
cases per 10,000 adult women are reckoned."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from partnerships.models import Area, Partnership, ScopedQuerySet


class Marac(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="maracs")
    area = models.OneToOneField(Area, on_delete=models.CASCADE, related_name="marac",
                                help_text="The area whose indicators hold the MARAC's figures")
    name = models.CharField(max_length=200)
    adult_female_population = models.PositiveIntegerField(
        help_text="Women aged 16 and over in the area the MARAC covers (SafeLives uses the census)")
    population_source = models.CharField(max_length=200, blank=True, help_text="e.g. 'Census 2021, ONS'")

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "name"]
        verbose_name = "MARAC"
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="marac_name_unique")]

    def __str__(self) -> str:
        return self.name
