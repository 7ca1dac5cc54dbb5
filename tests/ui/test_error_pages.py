"""403 and 404 in the portal's layout: what happened and where to go, never whether another
partnership's object exists."""

from django.urls import reverse

from tests.conftest import client_for


def test_403_names_the_role_and_offers_the_way_home(world):
    client = client_for(world.lead)
    url = reverse("actions:action_edit", kwargs={"partnership": "north", "pk": world.police_action.pk})
    response = client.get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "You cannot do this with your role" in html
    assert "You are action lead in North Domestic Abuse Partnership" in html
    assert 'href="/p/north/"' in html
    assert 'aria-label="Main"' in html  # the portal's navigation, not a bare "403 Forbidden"


def test_403_on_a_page_the_role_cannot_open_still_says_where_to_go(world):
    response = client_for(world.lead).get(reverse("actions:rounds", kwargs={"partnership": "north"}))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your account is not allowed to open this page" in html
    assert f'href="{reverse("partnerships:home")}"' in html


def test_404_is_in_the_portals_layout(world):
    response = client_for(world.lead).get("/p/north/actions/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'aria-label="Main"' in html
    assert 'href="/p/north/"' in html


def test_404_for_another_partnership_does_not_name_it(world):
    south_action = reverse("actions:action", kwargs={"partnership": "south", "pk": world.south_action.pk})
    response = client_for(world.lead).get(south_action)
    assert response.status_code == 404
    html = response.content.decode()
    assert "South Community Safety Partnership" not in html
    assert "Page not found" in html
