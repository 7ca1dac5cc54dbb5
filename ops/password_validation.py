"""A password rule the common-password list cannot know: no word of the names of the user's own
partnerships (their name, short name and areas) or agency. "Luton2024!!" is refused for a Luton user,
"bedfordshire" for a Bedfordshire one: they are the first guesses of anyone who knows where they work."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError

MIN_WORD = 4  # shorter words (of, the, NHS, CPS) are in too many passwords to refuse
NOT_NAMES = {"with", "from", "into", "over", "upon"}
LETTERS = re.compile(r"[^\W\d_]+")


def letters_only(text: str) -> str:
    """Lower case, digits, spaces and punctuation dropped: "Luton-2024!!" -> "luton"."""
    return "".join(LETTERS.findall(text.casefold()))


def name_words(user: Any) -> list[tuple[str, str]]:
    """(word, where it comes from) for each distinctive word of the user's partnerships and agencies."""
    from partnerships.models import Membership

    found: list[tuple[str, str]] = []
    memberships = Membership.objects.filter(user=user).select_related("partnership", "agency")
    for membership in memberships:
        partnership = membership.partnership
        sources = [(partnership.name, f"the name of {partnership.name}"),
                   (partnership.slug.replace("-", " "), f"the name of {partnership.name}")]
        sources += [(area.name, f"an area of {partnership.name} ({area.name})") for area in partnership.areas.all()]
        if membership.agency is not None:
            sources.append((membership.agency.name, f"the name of your agency, {membership.agency.name}"))
        for text, where in sources:
            for word in LETTERS.findall(text.casefold()):
                if len(word) >= MIN_WORD and word not in NOT_NAMES:
                    found.append((word, where))
    return found


class PartnershipNameValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        flat = letters_only(password)
        for word, where in name_words(user):
            if word in flat:
                raise ValidationError(
                    f"This password contains “{word}”, part of {where}: anyone who knows where you work "
                    "would try it first. Choose a password without it.",
                    code="password_has_partnership_name",
                )

    def get_help_text(self) -> str:
        return "Your password can’t contain the name of your partnership, its areas or your agency."
