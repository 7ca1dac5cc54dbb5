from django.apps import AppConfig


class OpsConfig(AppConfig):
    """What running the portal for real needs around the pages: the session lifetime and Cache-Control
    middleware, the password rule on partnership and agency names, the sign-in lockout's settings
    (django-axes) and the health check. It imports no other app of the portal but partnerships."""

    name = "ops"

    def ready(self) -> None:
        from ops import lockout, sessions  # noqa: F401  (connect their signal receivers)
