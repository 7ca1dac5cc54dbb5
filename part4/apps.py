from django.apps import AppConfig


class Part4Config(AppConfig):
    name = "part4"
    verbose_name = "Safe accommodation duty (Domestic Abuse Act 2021 Part 4)"
