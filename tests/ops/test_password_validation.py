"""Passwords: 12 characters at least, not one of Django's common passwords, no word of the user's
partnership's, its areas' or agency's names (case and digits and punctuation ignored)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from partnerships.models import Agency, Area, Partnership, Role
from tests.conftest import PASSWORD, World, make_user


def refused(password: str, user: Any) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


@pytest.fixture
def luton_user(db: None):
    luton = Partnership.objects.create(slug="luton", name="Luton Domestic Abuse Partnership")
    agency = Agency.objects.create(partnership=luton, name="Stopping Violence Charity", kind=Agency.Kind.VOLUNTARY)
    return make_user("lou-luton", luton, Role.LEAD, agency=agency)


@pytest.fixture
def bedfordshire_user(db: None):
    beds = Partnership.objects.create(slug="bedfordshire", name="Bedfordshire Domestic Violence Partnership")
    Area.objects.create(partnership=beds, slug="bedford-borough", name="Bedford Borough", population=1)
    return make_user("bea-beds", beds, Role.COORDINATOR)


def test_luton2024_is_refused_for_a_luton_user(luton_user) -> None:
    messages = refused("Luton2024!!", luton_user)
    assert any("“luton”, part of the name of Luton Domestic Abuse Partnership" in m for m in messages)
    assert refused("my-LUTON-password-77", luton_user)  # long enough, refused only for the name
    assert refused("l.u.t.o.n-and-some-more", luton_user)  # punctuation between the letters


def test_the_agency_name_is_refused(luton_user) -> None:
    messages = refused("charity-shop-friday", luton_user)
    assert messages == ["This password contains “charity”, part of the name of your agency, Stopping Violence "
                        "Charity: anyone who knows where you work would try it first. Choose a password without it."]


def test_bedfordshire_is_refused_for_a_bedfordshire_user(bedfordshire_user) -> None:
    assert refused("bedfordshire", bedfordshire_user)
    assert refused("Bedfordshire!2026x", bedfordshire_user)
    assert refused("up-the-borough-road", bedfordshire_user)  # an area's name


def test_another_partnerships_name_is_not_refused(luton_user, bedfordshire_user) -> None:
    assert refused("bedfordshire-walks-77", luton_user) == []


def test_short_and_common_passwords_are_refused(world: World) -> None:
    assert any("at least 12 characters" in m for m in refused("Zq7#kLm2pW!", world.lead))  # 11 characters
    assert any("too common" in m for m in refused("password1234", world.lead))
    assert refused("correct-zebra-lantern-42", world.lead) == []


def test_password_change_page_refuses_the_partnership_name(world: World) -> None:
    client = Client()
    client.force_login(world.lead)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "North-2024-north!!", "new_password2": "North-2024-north!!"})
    assert response.status_code == 200
    assert "part of the name of North Domestic Abuse Partnership" in response.content.decode()
    world.lead.refresh_from_db()
    assert world.lead.check_password(PASSWORD)
