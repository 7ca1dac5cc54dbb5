"""The 500 page in the portal's layout: what happened and where to go, asking the database nothing."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from portal.db_busy import server_error


def _while_handling(exc: Exception):
    request = RequestFactory().get("/p/north/")
    try:
        raise exc
    except Exception:
        return server_error(request)


def test_the_500_page_says_what_happened_and_where_to_go():
    """No database for this test: pytest-django refuses any query, so the page asks the database nothing."""
    response = _while_handling(ValueError("boom"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert f'href="{reverse("partnerships:home")}">Go to your partnerships' in html
    assert 'aria-label="Main"' in html and "css/portal.css" in html
    assert "boom" not in html  # nothing of the error's text


def test_the_busy_503_is_unchanged():
    response = _while_handling(OperationalError("database is locked"))
    assert response.status_code == 503


@pytest.mark.django_db
def test_an_error_in_a_view_answers_the_portals_500(client, settings, world, monkeypatch):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(world.lead)

    def broken(*args, **kwargs):
        raise RuntimeError("a fault")

    monkeypatch.setattr("actions.views.dashboard.plan_at_a_glance", broken)
    response = client.get("/p/north/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
