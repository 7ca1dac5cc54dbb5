"""The marac app's rows of the permission matrix (tests/test_permission_matrix.py picks them up): members
read the MARAC page and export; coordinators and admins import and add MARACs; viewers, who read only
published reports, get 403."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model

from marac.models import Marac
from partnerships.models import Area, Partnership
from tests.matrix import COORDINATORS_WRITE, READERS, Kwargs, Page, expect, export_csv

REFUSED = expect(400, lead=403, member=403, viewer=403)  # a foreign MARAC or area is not there: the form again


def _marac(p: Partnership) -> Marac:
    area, _ = Area.objects.get_or_create(partnership=p, slug="marac-area", defaults={"name": f"{p.name} MARAC area"})
    marac, _ = Marac.objects.get_or_create(partnership=p, area=area, defaults={
        "name": f"{p.slug} MARAC", "adult_female_population": 50_000})
    return marac


def import_data(p: Partnership) -> Kwargs:
    text = f"marac,quarter,cases_discussed,repeat_cases\n{_marac(p).name},2023-24 Q1,40,12\n"
    return {"csv_file": SimpleUploadedFile("marac.csv", text.encode(), content_type="text/csv")}


def add_data(p: Partnership) -> Kwargs:
    area, _ = Area.objects.get_or_create(partnership=p, slug="new-marac-area", defaults={"name": "New MARAC area"})
    return {"name": f"{p.slug} new MARAC", "area": area.pk, "adult_female_population": "40000"}


PAGES: list[Page] = [
    Page("marac:index", READERS),
    Page("marac:export", READERS, export_csv),
    Page("marac:import", COORDINATORS_WRITE, method="post", data=import_data, cross=REFUSED),
    Page("marac:add", COORDINATORS_WRITE, method="post", data=add_data, cross=REFUSED),
]
MODELS: list[type[Model]] = [Marac]
