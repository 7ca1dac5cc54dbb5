from django.apps import AppConfig


class UiConfig(AppConfig):
    """The portal's shared page furniture: base.html, the partials every app includes, and the
    sign-in and password templates (they replace django.contrib.admin's, so this app is listed
    before it). Template tags every app would share belong here too, in ui/templatetags/."""

    name = "ui"
