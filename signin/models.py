"""History of users' second factors (allauth.mfa's Authenticator): each one added, used and removed, by whom
(an admin's reset included). The secret itself (`data`) is not copied into the history."""

from allauth.mfa.models import Authenticator
from simple_history import register

register(Authenticator, app="signin", excluded_fields=["data"])
