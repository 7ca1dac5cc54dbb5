"""Who may do what, in one place. Every view and service asks here.

Roles per partnership (a user may hold a different role in each partnership):
  viewer       read published reports only
  member       read the plan, indicators, BVPI 225, groups; sign off where they chair
  lead         member + record progress on actions naming them or their agency as lead
  coordinator  edit the whole plan, indicators, BVPI 225, groups and meetings; run update rounds
  admin        coordinator + users and agencies of the partnership, legacy imports
A user who is not a member of the partnership gets 404 for all of its objects, never 403.
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from partnerships.models import Membership, Partnership, Role


class Perm(StrEnum):
    VIEW_REPORTS = "view_reports"
    VIEW_PLAN = "view_plan"
    RECORD_PROGRESS = "record_progress"  # on own actions; see can_update_action
    EDIT_PLAN = "edit_plan"
    EDIT_INDICATORS = "edit_indicators"
    EDIT_BVPI = "edit_bvpi"
    EDIT_GROUPS = "edit_groups"
    RUN_ROUNDS = "run_rounds"
    ISSUE_RETURNS = "issue_returns"
    MANAGE_USERS = "manage_users"
    IMPORT_DATA = "import_data"


_READ = {Perm.VIEW_REPORTS}
_MEMBER = _READ | {Perm.VIEW_PLAN}
_LEAD = _MEMBER | {Perm.RECORD_PROGRESS}
_COORDINATOR = _LEAD | {
    Perm.EDIT_PLAN, Perm.EDIT_INDICATORS, Perm.EDIT_BVPI, Perm.EDIT_GROUPS, Perm.RUN_ROUNDS, Perm.ISSUE_RETURNS,
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


def membership_for(user, partnership: Partnership) -> Membership | None:
    if not user.is_authenticated:
        return None
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = {m.partnership_id: m for m in Membership.objects.filter(user=user).select_related("agency", "person")}
        user._membership_cache = cache
    return cache.get(partnership.pk)


def perms_for(user, partnership: Partnership) -> frozenset[Perm]:
    membership = membership_for(user, partnership)
    return ROLE_PERMS.get(membership.role, frozenset()) if membership else frozenset()


def has_perm(user, partnership: Partnership, perm: Perm) -> bool:
    return perm in perms_for(user, partnership)


def get_partnership(user, slug: str, perm: Perm = Perm.VIEW_PLAN) -> tuple[Partnership, Membership]:
    """The partnership by slug: 404 unless the user is a member; Forbidden when the role lacks perm."""
    partnership = get_object_or_404(Partnership, slug=slug)
    membership = membership_for(user, partnership)
    if membership is None:
        raise Http404("No such partnership")
    if perm not in ROLE_PERMS[membership.role]:
        raise Forbidden(perm)
    return partnership, membership


def require(user, partnership: Partnership, perm: Perm) -> Membership:
    membership = membership_for(user, partnership)
    if membership is None:
        raise Http404("Not found")
    if perm not in ROLE_PERMS[membership.role]:
        raise Forbidden(perm)
    return membership


def can_update_action(user, action) -> bool:
    """Coordinators and admins update any action; a lead only actions naming them or their agency."""
    partnership = action.plan.strategy.partnership
    membership = membership_for(user, partnership)
    if membership is None:
        return False
    perms = ROLE_PERMS[membership.role]
    if Perm.EDIT_PLAN in perms:
        return True
    if Perm.RECORD_PROGRESS not in perms:
        return False
    agency_ids = {a.pk for a in action.lead_agencies.all()}
    people_ids = {p.pk for p in action.lead_people.all()}
    return (membership.agency_id in agency_ids) or (membership.person_id in people_ids)


def partnership_view(perm: Perm = Perm.VIEW_PLAN):
    """Decorator for views under /p/<partnership>/: resolves the slug for the signed-in user (404 for
    a partnership they are not in, 403 when their role lacks perm) and sets request.partnership,
    request.membership and request.perms before calling view(request, *args, **kwargs)."""
    from functools import wraps

    def decorator(view):
        @wraps(view)
        def wrapper(request, partnership: str, *args, **kwargs):
            found, membership = get_partnership(request.user, partnership, perm)
            request.partnership = found
            request.membership = membership
            request.perms = ROLE_PERMS[membership.role]
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def can_sign_off_bvpi(user, partnership: Partnership) -> bool:
    """BVPI 225 sign-off: a coordinator (or admin), or a member who chairs one of the partnership's groups."""
    membership = membership_for(user, partnership)
    if membership is None:
        return False
    perms = ROLE_PERMS[membership.role]
    if Perm.EDIT_BVPI in perms:
        return True
    if Perm.VIEW_PLAN not in perms or membership.person_id is None:
        return False
    from partnerships.models import GroupMember

    return GroupMember.objects.filter(
        person_id=membership.person_id, group__partnership=partnership, role=GroupMember.Role.CHAIR,
    ).exists()


def can_read_return(user, partnership: Partnership, group, *, issued: bool) -> bool:
    """Quarterly returns (reports app): coordinators and admins read every group's return, draft or
    issued; members of the audience group (their Membership.person, or a Person linked to the
    user, sits on the group) read its drafts and issued returns unless their role is viewer;
    viewers read issued (published) returns only. Nobody outside the partnership."""
    from django.db.models import Q

    from partnerships.models import GroupMember

    membership = membership_for(user, partnership)
    if membership is None or group.partnership_id != partnership.pk:
        return False
    perms = ROLE_PERMS[membership.role]
    if Perm.ISSUE_RETURNS in perms:
        return True
    if membership.role == Role.VIEWER:
        return issued
    sits = GroupMember.objects.filter(group=group).filter(
        Q(person__user=user) | Q(person_id=membership.person_id or 0)
    ).exists()
    return sits
