"""legacy_preview and legacy_import act for a user and hold them to partnerships.permissions:
only the partnership's admins import; another partnership's member gets 404; a refusal writes
nothing. user=None is the operator at the command line."""

from __future__ import annotations

import pytest
from django.http import Http404

from actions.models import Action
from legacy.models import ImportRecord
from legacy.services import legacy_import, legacy_preview
from partnerships.permissions import Forbidden

CSV = b"Ref,Objective,Action,Lead,Timescale\n7.1,Safety,Run the MARAC,North Police,Ongoing\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _import(world, user):
    return legacy_import(user=user, data=CSV, filename="plan.csv", partnership=world.north, year_start=2009)


def test_an_admin_imports_and_the_import_is_recorded_as_theirs(world, media):
    preview, record = _import(world, world.admin)
    assert preview.counts()["create"] == 1
    assert record.imported_by == world.admin
    assert Action.objects.get(plan=world.plan, ref="7.1").history.get().history_user == world.admin


@pytest.mark.parametrize("role", ["coordinator", "lead", "member", "viewer"])
def test_other_roles_may_neither_preview_nor_import(world, media, role):
    user = world.user(role)
    with pytest.raises(Forbidden):
        legacy_preview(user=user, data=CSV, filename="plan.csv", partnership=world.north, year_start=2009)
    with pytest.raises(Forbidden):
        _import(world, user)
    assert not Action.objects.filter(ref="7.1").exists() and not ImportRecord.objects.exists()


def test_another_partnerships_member_gets_404(world, media):
    with pytest.raises(Http404):
        _import(world, world.outsider)
    assert not Action.objects.filter(ref="7.1").exists() and not ImportRecord.objects.exists()


def test_the_command_line_operator_imports_as_no_one(world, media):
    _, record = _import(world, None)
    assert record.imported_by is None
    assert Action.objects.get(plan=world.plan, ref="7.1").history.get().history_user is None
