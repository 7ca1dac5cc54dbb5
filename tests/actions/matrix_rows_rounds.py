"""The update rounds' rows of the permission matrix added for issue 11 (invitations, sending again,
confirming a close); tests/test_permission_matrix.py picks them up."""

from __future__ import annotations

from django.db.models import Model

from actions.models import UpdateRound
from partnerships.models import Partnership, Person
from tests.matrix import COORDINATORS, COORDINATORS_WRITE, Kwargs, Page


def first_round(p: Partnership) -> Kwargs:
    return {"pk": UpdateRound.objects.in_partnership(p).order_by("pk").first().pk}


def invite_data(p: Partnership) -> Kwargs:
    """A named lead of an action nobody can be chased for, given an e-mail contact (made on first use)."""
    person, _ = Person.objects.get_or_create(partnership=p, name="Matrix Chair")
    # The plan's last action: no lead of it has an account in either partnership's world (nobody to chase).
    UpdateRound.objects.in_partnership(p).order_by("pk").first().plan.actions.order_by("-pk").first().lead_people.add(
        person)
    return {"lead": f"person:{person.pk}", "email": f"matrix-{p.slug}@example.org", "give": "contact"}


PAGES: list[Page] = [
    Page("actions:round_invite", COORDINATORS_WRITE, first_round, "post", invite_data),
    Page("actions:round_send_again", COORDINATORS_WRITE, first_round, "post"),
    Page("actions:round_close_confirm", COORDINATORS, first_round),
]
MODELS: list[type[Model]] = [Person]
