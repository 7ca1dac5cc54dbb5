from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data: the seed documents in fixtures/*.yaml and the demo users (`manage.py load_demo`)."""

    name = "demo"
