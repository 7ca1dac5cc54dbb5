from django.apps import AppConfig


class UiConfig(AppConfig):
    """The portal's shared page furniture: base.html, the partials every app includes, the sign-in
    and password templates (they override django.contrib.admin's, so this app is listed before it)
    and the template tags every app loads (`{% load portal_tags %}`)."""

    name = "ui"
