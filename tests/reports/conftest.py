"""Helpers for the reports tests: PDF text and attachments, and a second area with its own group."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from partnerships.models import Area, Group, GroupMember, Person


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with runs of whitespace (line and page breaks) as single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def pdf_embedded_files(pdf: bytes) -> list[str]:
    """Names of files embedded in the PDF: document-level attachments and file annotations."""
    reader = PdfReader(io.BytesIO(pdf))
    names = list(reader.attachments)
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            if obj.get("/Subtype") == "/FileAttachment" or "/FS" in obj:
                names.append(str(obj.get("/FS")))
    return names


@pytest.fixture
def south_town(world) -> Area:
    return Area.objects.create(partnership=world.north, slug="south-town", name="South Town", population=90_000)


@pytest.fixture
def area_group(world) -> Group:
    """North Town's Community Safety Strategy Group, with a member."""
    group = Group.objects.create(partnership=world.north, slug="north-town-cssg", area=world.area,
                                 name="North Town Community Safety Strategy Group")
    chair = Person.objects.create(partnership=world.north, name="Chris Chair")
    GroupMember.objects.create(group=group, person=chair, role=GroupMember.Role.CHAIR, title="Head of Community Safety")
    return group
