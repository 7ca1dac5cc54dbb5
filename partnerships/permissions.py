"""Who may do what, in one place. Every view and service asks here.

Roles per partnership (a user may hold a different role in each partnership):
  viewer       read published reports only
  member       read the plan, indicators, BVPI 225, groups; sign off where they chair
  lead         member + record progress on actions naming them or their agency as lead
  coordinator  edit the whole plan, indicators, BVPI 225, groups and meetings; run update rounds
  admin        coordinator + users and agencies of the partnership, legacy imports
A user who is not a member of the partnership gets 404 for all of its objects, never 403.

How a view uses it (the healthchecks pattern, `_get_check_for_user`):
- a page of the partnership as a whole is decorated `@partnership_view(Perm.X)`: 404 for a
  partnership the user is not in, 403 when the role lacks X;
- a page about one object is decorated `@partnership_view()` (any member) and fetches the object
  through its helper below, e.g. `action, may = action_for_user(request, pk, Perm.EDIT_PLAN)`: 404
  when the object is not the partnership's, 403 when the user may not do X with it; `may` is the
  set of what the user may do with that object (a lead may record progress on their own actions
  only, a chair signs off BVPI 225, a group member reads the group's draft returns).
Services take the acting `user` and check through `require` / the `may_*` rules, so a command or
a task is held to the same rules as a page.

The models of the apps built on this one are looked up by label (`apps.get_model`), so the base
app imports none of them; their types are named for the type checker only.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

from partnerships.models import Group, GroupMember, Meeting, Membership, Partnership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User as AuthUser

    from actions.models import Action, ProgressUpdate, Strategy, UpdateRound
    from indicators.models import Bvpi225Answer, Indicator, Target, Value
    from legacy.models import ImportRecord
    from reports.models import IssuedReturn, ReturnBatch
    from reviews.models import Recommendation, Review

User = AbstractBaseUser | AnonymousUser


class Perm(StrEnum):
    VIEW_REPORTS = "view_reports"
    VIEW_PLAN = "view_plan"
    RECORD_PROGRESS = "record_progress"  # on own actions only for leads: see may_for_action
    EDIT_PLAN = "edit_plan"
    EDIT_INDICATORS = "edit_indicators"
    EDIT_BVPI = "edit_bvpi"
    SIGN_OFF_BVPI = "sign_off_bvpi"  # coordinators, and members who chair a group: see may_sign_off_bvpi
    EDIT_GROUPS = "edit_groups"
    RUN_ROUNDS = "run_rounds"
    ISSUE_RETURNS = "issue_returns"
    READ_DRAFT_RETURNS = "read_draft_returns"  # of the groups they sit on: see return_groups_for
    MANAGE_USERS = "manage_users"
    IMPORT_DATA = "import_data"
    # Death reviews: coordinators and admins read and edit every review of the partnership; the review's
    # panel members read that review (see may_for_review). Nobody else learns that a review exists.
    VIEW_REVIEWS = "view_reviews"
    EDIT_REVIEWS = "edit_reviews"
    # See and lift the sign-in lockouts of the partnership's members (audit.lockouts); the audit log is MANAGE_USERS.
    UNLOCK_SIGN_IN = "unlock_sign_in"


_READ = {Perm.VIEW_REPORTS}
_MEMBER = _READ | {Perm.VIEW_PLAN, Perm.READ_DRAFT_RETURNS}
_LEAD = _MEMBER | {Perm.RECORD_PROGRESS}
_COORDINATOR = _LEAD | {
    Perm.EDIT_PLAN, Perm.EDIT_INDICATORS, Perm.EDIT_BVPI, Perm.SIGN_OFF_BVPI, Perm.EDIT_GROUPS,
    Perm.RUN_ROUNDS, Perm.ISSUE_RETURNS, Perm.VIEW_REVIEWS, Perm.EDIT_REVIEWS, Perm.UNLOCK_SIGN_IN,
}
_ADMIN = _COORDINATOR | {Perm.MANAGE_USERS, Perm.IMPORT_DATA}

ROLE_PERMS: dict[str, frozenset[Perm]] = {
    Role.VIEWER: frozenset(_READ),
    Role.MEMBER: frozenset(_MEMBER),
    Role.LEAD: frozenset(_LEAD),
    Role.COORDINATOR: frozenset(_COORDINATOR),
    Role.ADMIN: frozenset(_ADMIN),
}


class Forbidden(PermissionDenied):
    """A member asked for something their role does not allow (the view answers 403)."""


# The user's standing in a partnership ------------------------------------------------------------


def membership_for(user: User, partnership: Partnership) -> Membership | None:
    """The user's membership of the partnership (cached on the user for the request), or None."""
    if not user.is_authenticated:
        return None
    cache: dict[int, Membership] | None = getattr(user, "_membership_cache", None)
    if cache is None:
        memberships = Membership.objects.filter(user_id=user.pk).select_related("agency", "person")
        cache = {m.partnership_id: m for m in memberships}
        setattr(user, "_membership_cache", cache)  # noqa: B010 (one read of the memberships per request)
    return cache.get(partnership.pk)


def perms_for(user: User, partnership: Partnership) -> frozenset[Perm]:
    """What the user's role allows in the partnership (empty for a non-member)."""
    membership = membership_for(user, partnership)
    return ROLE_PERMS[membership.role] if membership else frozenset()


def require(user: User, partnership: Partnership, perm: Perm | None = None) -> Membership:
    """The user's membership: 404 unless they are a member, Forbidden (403) when the role lacks perm."""
    membership = membership_for(user, partnership)
    if membership is None:
        raise Http404("Not found")
    if perm is not None and perm not in ROLE_PERMS[membership.role]:
        raise Forbidden(perm)
    return membership


def partnership_for_user(user: User, slug: str, perm: Perm | None = None) -> tuple[Partnership, Membership]:
    """The partnership by slug, held to `require`: 404 for a partnership the user is not in."""
    partnership = get_object_or_404(Partnership, slug=slug)
    return partnership, require(user, partnership, perm)


# Object-level rules ------------------------------------------------------------------------------


def may_for_action(user: User, action: Action) -> frozenset[Perm]:
    """Coordinators and admins record progress on any action; a lead only on actions naming them
    or their agency as lead; everybody else reads."""
    membership = membership_for(user, action.partnership)
    if membership is None:
        return frozenset()
    perms = ROLE_PERMS[membership.role]
    if Perm.RECORD_PROGRESS not in perms or Perm.EDIT_PLAN in perms:
        return perms
    names_them = (
        any(a.pk == membership.agency_id for a in action.lead_agencies.all())
        or any(p.pk == membership.person_id for p in action.lead_people.all())
    )
    return perms if names_them else perms - {Perm.RECORD_PROGRESS}


def may_update_action(user: User, action: Action) -> bool:
    return Perm.RECORD_PROGRESS in may_for_action(user, action)


def may_change_update(user: User, update: ProgressUpdate) -> bool:
    """Its author corrects their own update; a coordinator any (both until the quarter is locked)."""
    return update.author_id == user.pk or Perm.EDIT_PLAN in ROLE_PERMS[require(user, update.action.partnership).role]


def _sits_on(user: User, membership: Membership) -> Q:
    """GroupMember rows that are this user: through their membership's person, or a person linked to them."""
    sits = Q(person__user=user)
    if membership.person_id:
        sits |= Q(person_id=membership.person_id)
    return sits


def may_sign_off_bvpi(user: User, partnership: Partnership) -> bool:
    """BVPI 225 sign-off: a coordinator (or admin), or a member who chairs one of the partnership's groups."""
    membership = membership_for(user, partnership)
    if membership is None:
        return False
    perms = ROLE_PERMS[membership.role]
    if Perm.SIGN_OFF_BVPI in perms:
        return True
    if Perm.VIEW_PLAN not in perms or membership.person_id is None:
        return False
    return GroupMember.objects.filter(
        person_id=membership.person_id, group__partnership=partnership, role=GroupMember.Role.CHAIR,
    ).exists()


def return_groups_for(user: User, partnership: Partnership, *, issued: bool = False) -> QuerySet[Group]:
    """Groups whose draft returns (or, issued=True, issued returns) the user may read: every group
    for those who issue returns; the groups they sit on for members and leads; for viewers, every
    group's issued (published) returns and no draft."""
    membership = membership_for(user, partnership)
    groups = Group.objects.in_partnership(partnership)
    if membership is None:
        return groups.none()
    perms = ROLE_PERMS[membership.role]
    if Perm.ISSUE_RETURNS in perms or (issued and membership.role == Role.VIEWER):
        return groups
    if Perm.READ_DRAFT_RETURNS not in perms:
        return groups.none()
    return groups.filter(pk__in=GroupMember.objects.filter(_sits_on(user, membership)).values("group_id"))


def may_read_partnership_return(user: User, partnership: Partnership) -> bool:
    """The whole partnership's draft is for those who may read every group's: who issue returns."""
    return Perm.ISSUE_RETURNS in perms_for(user, partnership)


def may_read_return(user: User, partnership: Partnership, group: Group, *, issued: bool) -> bool:
    """One return, as return_groups_for decides."""
    if group.partnership_id != partnership.pk:
        return False
    return return_groups_for(user, partnership, issued=issued).filter(pk=group.pk).exists()


def _panel_seats(user: User, partnership: Partnership) -> QuerySet[Any]:
    """The review panel seats (reviews.PanelMember rows) of the partnership that are this user."""
    panel = apps.get_model("reviews", "PanelMember").objects.filter(review__partnership=partnership)
    membership = membership_for(user, partnership)
    if membership is None:
        return panel.none()
    return panel.filter(_sits_on(user, membership))


def readable_reviews(user: User, partnership: Partnership) -> QuerySet[Review]:
    """The partnership's death reviews the user may read: all of them for coordinators and admins,
    those on whose panel they sit for everybody else."""
    reviews = apps.get_model("reviews", "Review").objects.in_partnership(partnership)
    if Perm.VIEW_REVIEWS in perms_for(user, partnership):
        return reviews
    return reviews.filter(pk__in=_panel_seats(user, partnership).values("review_id"))


def may_for_review(user: User, review: Review) -> frozenset[Perm]:
    """The role's permissions, with VIEW_REVIEWS for a panel member of this review; without it for
    anybody else who is not a coordinator or admin."""
    perms = perms_for(user, review.partnership)
    if Perm.VIEW_REVIEWS in perms or not perms:
        return perms
    if _panel_seats(user, review.partnership).filter(review=review).exists():
        return perms | {Perm.VIEW_REVIEWS}
    return perms


# Views -------------------------------------------------------------------------------------------

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)  # FileResponse too


May = frozenset[Perm]  # what a user may do with one object


class PartnershipRequest(HttpRequest):
    """A request under /p/<partnership>/, as partnership_view leaves it."""

    user: AuthUser  # a member of the partnership, so signed in
    partnership: Partnership
    membership: Membership
    perms: May


def partnership_view(
    perm: Perm | None = None,
) -> Callable[[Callable[Concatenate[Any, P], R]], Callable[Concatenate[HttpRequest, str, P], R]]:
    """Decorator for views under /p/<partnership>/: resolves the slug for the signed-in user (404 for
    a partnership they are not in, 403 when their role lacks perm; no perm: any member, for pages
    about one object, whose helper below states the permission) and sets request.partnership,
    request.membership and request.perms before calling view(request, *args, **kwargs)."""

    def decorator(view: Callable[Concatenate[Any, P], R]) -> Callable[Concatenate[HttpRequest, str, P], R]:
        @wraps(view)
        def wrapper(request: HttpRequest, partnership: str, *args: P.args, **kwargs: P.kwargs) -> R:
            scoped, membership = partnership_for_user(request.user, partnership, perm)
            request.partnership = scoped  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            request.perms = ROLE_PERMS[membership.role]  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _scoped(request: PartnershipRequest, label: str, select: tuple[str, ...] = (), **lookup: Any) -> Any:
    """An object of the request's partnership by lookup, or 404: another partnership's object does
    not exist here, whatever the user's role."""
    model = apps.get_model(label)
    queryset = model.objects.in_partnership(request.partnership)
    return get_object_or_404(queryset.select_related(*select), **lookup)


def _held(may: May, need: Perm | None) -> May:
    if need is not None and need not in may:
        raise Forbidden(need)
    return may


def _role(request: PartnershipRequest) -> May:
    return request.perms


def action_for_user(request: PartnershipRequest, pk: int, need: Perm | None = Perm.VIEW_PLAN) -> tuple[Action, May]:
    action = _scoped(request, "actions.Action", ("plan__strategy__partnership", "objective"), pk=pk)
    return action, _held(may_for_action(request.user, action), need)


def progress_update_for_user(request: PartnershipRequest, action_pk: int, pk: int,
                             need: Perm | None = Perm.VIEW_PLAN) -> tuple[ProgressUpdate, May]:
    """A progress update of one of the partnership's actions; what the user may do is what they may
    do with its action."""
    action, may = action_for_user(request, action_pk, need=None)
    update = get_object_or_404(action.updates.all(), pk=pk)
    update.action = action
    return update, _held(may, need)


def strategy_for_user(request: PartnershipRequest, slug: str, need: Perm | None = Perm.VIEW_PLAN,
                      queryset: QuerySet[Strategy] | None = None) -> tuple[Strategy, May]:
    if queryset is not None:
        # a ScopedQuerySet, which the stubs' QuerySet[Strategy] does not know
        strategy = get_object_or_404(queryset.in_partnership(request.partnership), slug=slug)  # type: ignore[attr-defined]
    else:
        strategy = _scoped(request, "actions.Strategy", slug=slug)
    return strategy, _held(_role(request), need)


def round_for_user(request: PartnershipRequest, pk: int,
                   need: Perm | None = Perm.RUN_ROUNDS) -> tuple[UpdateRound, May]:
    round_ = _scoped(request, "actions.UpdateRound", ("plan__strategy", "opened_by"), pk=pk)
    return round_, _held(_role(request), need)


def group_for_user(request: PartnershipRequest, slug: str, need: Perm | None = Perm.VIEW_PLAN) -> tuple[Group, May]:
    group = _scoped(request, "partnerships.Group", ("accountable_to", "area", "partnership"), slug=slug)
    return group, _held(_role(request), need)


def meeting_for_user(request: PartnershipRequest, group: Group, pk: int,
                     need: Perm | None = Perm.EDIT_GROUPS) -> tuple[Meeting, May]:
    # Through the group's own manager: the meeting comes back with its group (and partnership) in hand.
    meeting = get_object_or_404(group.meetings.in_partnership(request.partnership), pk=pk)
    return meeting, _held(_role(request), need)


def indicator_for_user(request: PartnershipRequest, pk: int,
                       need: Perm | None = Perm.VIEW_PLAN) -> tuple[Indicator, May]:
    indicator = _scoped(request, "indicators.Indicator", ("source_agency",), pk=pk)
    return indicator, _held(_role(request), need)


def value_for_user(request: PartnershipRequest, indicator: Indicator, pk: int,
                   need: Perm | None = Perm.EDIT_INDICATORS) -> tuple[Value, May]:
    value = _scoped(request, "indicators.Value", ("area",), indicator=indicator, pk=pk)
    return value, _held(_role(request), need)


def target_for_user(request: PartnershipRequest, indicator: Indicator, pk: int,
                    need: Perm | None = Perm.EDIT_INDICATORS) -> tuple[Target, May]:
    target = _scoped(request, "indicators.Target", ("area",), indicator=indicator, pk=pk)
    return target, _held(_role(request), need)


def bvpi_answer_for_user(request: PartnershipRequest, pk: int,
                         need: Perm | None = Perm.EDIT_BVPI) -> tuple[Bvpi225Answer, May]:
    answer = _scoped(request, "indicators.Bvpi225Answer",
                     ("assessment__area", "assessment__partnership", "question"), pk=pk)
    may = _role(request)
    if Perm.SIGN_OFF_BVPI not in may and may_sign_off_bvpi(request.user, request.partnership):
        may = may | {Perm.SIGN_OFF_BVPI}
    return answer, _held(may, need)


def issued_return_for_user(request: PartnershipRequest, pk: int) -> tuple[IssuedReturn, May]:
    """An issued return the user may read (404 for another partnership's, 403 for a group they may not read)."""
    issued = _scoped(request, "reports.IssuedReturn", ("group", "plan", "issued_by"), pk=pk)
    if not may_read_return(request.user, request.partnership, issued.group, issued=True):
        raise Forbidden(Perm.VIEW_REPORTS)
    return issued, _role(request)


def return_batch_for_user(request: PartnershipRequest, pk: int,
                          need: Perm | None = Perm.ISSUE_RETURNS) -> tuple[ReturnBatch, May]:
    batch = _scoped(request, "reports.ReturnBatch", ("plan",), pk=pk)
    return batch, _held(_role(request), need)


def import_record_for_user(request: PartnershipRequest, pk: int,
                           need: Perm | None = Perm.IMPORT_DATA) -> tuple[ImportRecord, May]:
    record = _scoped(request, "legacy.ImportRecord", ("imported_by",), pk=pk)
    return record, _held(_role(request), need)


def review_for_user(request: PartnershipRequest, pk: int,
                    need: Perm | None = Perm.VIEW_REVIEWS) -> tuple[Review, May]:
    """A death review of the partnership. One the user may not read answers 404, as if it did not exist
    (that a death is under review is itself sensitive); a reader asking to edit gets 403."""
    review = _scoped(request, "reviews.Review", ("partnership", "notified_by"), pk=pk)
    may = may_for_review(request.user, review)
    if Perm.VIEW_REVIEWS not in may:
        raise Http404("Not found")
    return review, _held(may, need)


def recommendation_for_user(request: PartnershipRequest, review_pk: int, pk: int,
                            need: Perm | None = Perm.VIEW_REVIEWS) -> tuple[Recommendation, May]:
    """A recommendation of one of the partnership's reviews: what the user may do is what they may do
    with its review."""
    review, may = review_for_user(request, review_pk, need=None)
    recommendation = get_object_or_404(review.recommendations.select_related("agency"), pk=pk)
    recommendation.review = review
    return recommendation, _held(may, need)


if TYPE_CHECKING:
    from actions.models import Milestone


def milestone_for_user(request: PartnershipRequest, action_pk: int, pk: int,
                       need: Perm | None = Perm.EDIT_PLAN) -> tuple[Milestone, May]:
    """A milestone of one of the partnership's actions; what the user may do is what they may do with
    its action (editing it is editing the plan)."""
    action, may = action_for_user(request, action_pk, need=None)
    milestone = get_object_or_404(action.milestones.all(), pk=pk)
    milestone.action = action
    return milestone, _held(may, need)
