"""Receivers of allauth's signals: forgetting what the session remembered about the user's factors, and saving
a single sign-on's link to the portal user once the sign-in is complete."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.signals import user_logged_in
from allauth.mfa.signals import authenticator_removed
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.dispatch import receiver
from django.http import HttpRequest

from signin.adapters import provider_asserted_mfa
from signin.middleware import HAS_FACTOR, PROVIDER_FACTOR

log = logging.getLogger("portal.security")


@receiver(authenticator_removed, dispatch_uid="signin.signals.forget_second_factor")
def forget_second_factor(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session.pop(HAS_FACTOR, None)


@receiver(user_logged_in, dispatch_uid="signin.signals.link_after_sign_in")
def link_after_sign_in(sender: Any, request: HttpRequest, user: Any, sociallogin: SocialLogin | None = None,
                       **kwargs: Any) -> None:
    """allauth sends this when every stage of the sign-in is done (the second factor included). The first single
    sign-on of a user is linked to them only now (signin.adapters.SingleSignOnAdapter chose the user), and a
    second factor the provider asserted is remembered for this session (signin.middleware)."""
    if sociallogin is None:
        return
    account = sociallogin.account
    if account.pk is None:
        linked, made = SocialAccount.objects.get_or_create(
            provider=account.provider, uid=account.uid, defaults={"user": user, "extra_data": account.extra_data})
        if made:
            log.info("single sign-on linked: user=%s provider=%s", user.pk, account.provider)
        elif linked.user_id != user.pk:  # a race with another first sign-in of the same account elsewhere
            log.warning("single sign-on link kept: uid of provider %s is linked to user %s, not %s",
                        account.provider, linked.user_id, user.pk)
    if provider_asserted_mfa(sociallogin):
        request.session[PROVIDER_FACTOR] = user.pk
