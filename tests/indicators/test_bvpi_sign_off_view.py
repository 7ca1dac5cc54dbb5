"""Sign-off of a BVPI 225 answer (indicators:bvpi_sign_off): a coordinator or a group chair, nobody else."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.indicators.conftest import answer


def url(ans) -> str:
    return reverse("indicators:bvpi_sign_off", kwargs={"partnership": "north", "pk": ans.pk})


def test_group_chair_signs_off_and_name_and_date_are_recorded(world, assessment, chair):
    chair.first_name, chair.last_name = "Cher", "Chair"
    chair.save()
    q1 = answer(assessment, 1)
    response = client_for(chair).post(url(q1))
    assert response.status_code == 302
    q1.refresh_from_db()
    assert q1.signed_off_by == "Cher Chair"
    assert q1.signed_off_on == timezone.localdate()


def test_coordinator_signs_off(world, as_role, assessment):
    q1 = answer(assessment, 1)
    assert as_role("coordinator").post(url(q1)).status_code == 302
    q1.refresh_from_db()
    assert q1.signed_off_by == "carol-coordinator"


def test_chair_sees_the_sign_off_button_and_a_plain_member_does_not(world, as_role, assessment, chair):
    page_url = reverse("indicators:bvpi", kwargs={"partnership": "north"})
    assert "Sign off question 1" in client_for(chair).get(page_url).content.decode()
    assert "Sign off question 1" not in as_role("member").get(page_url).content.decode()


@pytest.mark.parametrize("role,status", [("member", 403), ("lead", 403), ("viewer", 403), ("outsider", 404)])
def test_nobody_else_may_sign_off(world, as_role, assessment, role, status):
    q1 = answer(assessment, 1)
    assert as_role(role).post(url(q1)).status_code == status
    q1.refresh_from_db()
    assert q1.signed_off_by == "" and q1.signed_off_on is None


def test_member_who_is_only_vice_chair_may_not_sign_off(world, as_role, assessment):
    from partnerships.models import GroupMember

    GroupMember.objects.filter(person=world.member.memberships.get().person).update(role=GroupMember.Role.VICE_CHAIR)
    assert as_role("member").post(url(answer(assessment, 1))).status_code == 403


def test_unanswered_question_cannot_be_signed_off(world, as_role, assessment):
    q9 = answer(assessment, 9)
    response = as_role("coordinator").post(url(q9), follow=True)
    assert "Give the year-end answer before signing it off." in response.content.decode()
    q9.refresh_from_db()
    assert q9.signed_off_on is None


def test_get_is_refused(world, as_role, assessment):
    assert as_role("coordinator").get(url(answer(assessment, 1))).status_code == 405
