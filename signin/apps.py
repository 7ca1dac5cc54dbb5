from django.apps import AppConfig


class SigninConfig(AppConfig):
    """How people sign in, on top of django-allauth: the second factor everyone must have (middleware), single
    sign-on that only ever signs in an existing user (adapters), the lockout's user name (lockout), and the
    admin's reset of a user's second factor, kept in the history of the user's authenticators."""

    name = "signin"
    verbose_name = "Sign-in"

    def ready(self) -> None:
        from signin import signals  # noqa: F401  (connect its receivers)
