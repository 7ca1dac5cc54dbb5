"""Forgotten password, and the first sign-in of a user imported without one: a one-time link by e-mail."""

from __future__ import annotations

import re

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from partnerships.resources import MembershipResource


def test_an_imported_user_sets_a_password_through_the_emailed_link_and_signs_in(world):
    dataset = tablib.Dataset(["pat.police", "pat@example.org", "Pat", "Police", "north", "lead", "North Police"],
                             headers=["username", "email", "first_name", "last_name", "partnership", "role", "agency"])
    assert not MembershipResource().import_data(dataset).has_errors()
    client = Client()
    assert "Forgotten your password" in client.get(reverse("login")).content.decode()
    response = client.post(reverse("password_reset"), {"email": "pat@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["pat@example.org"]
    match = re.search(r"http://testserver(/accounts/password/reset/\S+/)", str(mail.outbox[0].body))
    assert match is not None
    link = match.group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    passwords = {"new_password1": "a-long-new-passphrase", "new_password2": "a-long-new-passphrase"}
    response = client.post(form_url, passwords)
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_complete")
    assert get_user_model().objects.get(username="pat.police").check_password("a-long-new-passphrase")
    assert client.login(username="pat.police", password="a-long-new-passphrase")
    # The link works once.
    assert "This link cannot be used" in client.get(link, follow=True).content.decode()


@pytest.mark.parametrize("email", ["nobody@example.org", "not an address"])
def test_an_unknown_or_bad_address_sends_nothing(world, email):
    response = Client().post(reverse("password_reset"), {"email": email})
    assert len(mail.outbox) == 0
    if "@" in email:
        assert response.status_code == 302  # the same answer as for a known address: no account probing
    else:
        assert "Enter a valid email address" in response.content.decode()
