from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from partnerships.models import Membership


def memberships(request: HttpRequest) -> dict[str, Any]:
    """The partnerships the signed-in user belongs to, for the navigation bar (one query, lazily)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_memberships": []}

    def load() -> list[Membership]:
        return list(Membership.objects.filter(user=user).select_related("partnership").order_by("partnership__name"))

    return {
        "my_memberships": SimpleLazyObject(load),
        # Set by permissions.partnership_view on pages under /p/<partnership>/.
        "partnership": getattr(request, "partnership", None),
        "membership": getattr(request, "membership", None),
        "perms_here": {str(p) for p in getattr(request, "perms", ())},
    }
