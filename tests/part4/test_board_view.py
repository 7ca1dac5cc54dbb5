"""The board's page: which of the Act's categories are filled and which missing; coordinators count a
member for a category (a member of another group is refused by name), members only read; the group page
shows the same through its Part 4 panel; queries do not grow with the members."""

from __future__ import annotations

from django.urls import reverse

from part4.models import Board, Category, Seat
from partnerships.models import Group, GroupMember, Person
from tests.conftest import World


def url(name: str, **kwargs: int) -> str:
    return reverse(f"part4:{name}", kwargs={"partnership": "north", **kwargs})


def member(world: World, name: str, group: Group | None = None) -> GroupMember:
    person = Person.objects.create(partnership=world.north, name=name)
    return GroupMember.objects.create(group=group or world.sig, person=person)


def test_the_board_page_says_which_categories_are_missing(world, as_role, board: Board) -> None:
    Seat.objects.create(board=board, member=member(world, "Pat Police"), category=Category.JUSTICE)
    page = as_role("member").get(url("board", pk=board.pk)).content.decode()
    assert "5 of 6 categories missing" in page
    assert "Pat Police" in page
    assert "Count the member for this category" not in page  # a member reads


def test_a_coordinator_counts_a_member_for_a_category(world, as_role, board: Board) -> None:
    nurse = member(world, "Nia Nurse")
    response = as_role("coordinator").post(url("seat_add", pk=board.pk), {"member": nurse.pk, "category": "health"})
    assert response.status_code == 302
    assert Seat.objects.get().category == "health"
    assert Seat.history.count() == 1


def test_a_member_of_another_group_cannot_be_counted(world, as_role, board: Board) -> None:
    other = Group.objects.create(partnership=world.north, slug="forum", name="Forum")
    response = as_role("coordinator").post(url("seat_add", pk=board.pk),
                                           {"member": member(world, "Fay Forum", other).pk, "category": "health"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Seat.objects.exists()


def test_the_same_category_twice_is_refused_by_name(world, as_role, board: Board) -> None:
    nurse = member(world, "Nia Nurse")
    Seat.objects.create(board=board, member=nurse, category="health")
    response = as_role("coordinator").post(url("seat_add", pk=board.pk), {"member": nurse.pk, "category": "health"})
    assert "Nia Nurse already represents health care services." in response.content.decode()
    assert Seat.objects.count() == 1


def test_a_member_cannot_remove_a_seat(world, as_role, board: Board) -> None:
    seat = Seat.objects.create(board=board, member=member(world, "Nia Nurse"), category="health")
    assert as_role("member").post(url("seat_remove", pk=board.pk, seat_pk=seat.pk)).status_code == 403
    assert as_role("coordinator").post(url("seat_remove", pk=board.pk, seat_pk=seat.pk)).status_code == 302
    assert not Seat.objects.exists()


def test_another_partnerships_board_is_not_found(world, as_role) -> None:
    south_group = Group.objects.create(partnership=world.south, slug="lpb", name="South LPB")
    south = Board.objects.create(partnership=world.south, group=south_group, council="South Council")
    assert as_role("coordinator").get(url("board", pk=south.pk)).status_code == 404


def test_the_group_page_shows_the_boards_categories(world, as_role, board: Board) -> None:
    Seat.objects.create(board=board, member=member(world, "Nia Nurse"), category="health")
    page = as_role("member").get(reverse("partnerships:group", kwargs={"partnership": "north",
                                                                       "group_slug": "sig"})).content.decode()
    assert "This group is the North Council Local Partnership Board." in page
    assert "5 of the Act's categories are missing." in page


def test_board_page_queries_do_not_grow_with_members(world, as_role, board: Board,
                                                     django_assert_max_num_queries) -> None:
    client = as_role("coordinator")
    for i in range(3):
        Seat.objects.create(board=board, member=member(world, f"M{i}"), category=Category.values[i])
    with django_assert_max_num_queries(12) as few:
        assert client.get(url("board", pk=board.pk)).status_code == 200
    for i in range(3, 20):
        Seat.objects.create(board=board, member=member(world, f"M{i}"), category=Category.values[i % 7])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("board", pk=board.pk)).status_code == 200
