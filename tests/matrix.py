"""What a row of the permission matrix is (tests/test_permission_matrix.py), apart from the rows, so an
app's own rows can live beside its tests: a `tests/<app>/matrix_rows*.py` with `PAGES: list[Page]` (and,
optionally, `MODELS`: the app's partnership-scoped models, for the "nothing of south's changed" check)
is picked up by the matrix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from partnerships.models import Partnership

ROLES = ["admin", "coordinator", "lead", "member", "viewer"]
Kwargs = dict[str, Any]


def expect(default: int, **per_role: int) -> dict[str, int]:
    """The status for each role on its own partnership: `default`, except the roles named."""
    return {role: per_role.get(role, default) for role in ROLES}


def no_objects(p: Partnership) -> Kwargs:
    return {}


def export_csv(p: Partnership) -> Kwargs:
    return {"fmt": "csv"}


NO_OBJECT_KWARGS = [no_objects, export_csv]  # append kwargs functions that name no object

READERS = expect(200, viewer=403)             # member and up read the plan
COORDINATORS = expect(200, lead=403, member=403, viewer=403)
ADMINS = expect(403, admin=200)
LEADS_WRITE = expect(302, member=403, viewer=403)
COORDINATORS_WRITE = expect(302, lead=403, member=403, viewer=403)
EVERYONE = expect(200)


@dataclass(frozen=True)
class Page:
    """A URL under /p/<partnership>/ and what each role of the partnership gets from it."""

    name: str
    expected: dict[str, int]
    kwargs: Callable[[Partnership], Kwargs] = no_objects
    method: str = "get"
    data: Callable[[Partnership], Kwargs] = field(default=no_objects)
    # Status per role when north's URL names south's objects in the query or form (None: it names none there).
    cross: dict[str, int] | None = None

    @property
    def takes_object(self) -> bool:
        """Pages whose URL, query or form names an object (which differs between partnerships)."""
        return self.cross is not None or self.kwargs not in NO_OBJECT_KWARGS

    @property
    def cross_expected(self) -> dict[str, int]:
        return self.cross or expect(404)
