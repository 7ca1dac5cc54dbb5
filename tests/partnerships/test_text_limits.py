"""Free texts have a maximum length at the form and the model (partnerships/limits.py), with a clear
message when over, and every text of the demo data (the seed documents, transcribed) is within it."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length

from actions.forms import ActionForm, ProgressForm
from actions.models import Action, ProgressUpdate, Status
from demo.loader import load_demo_data
from partnerships.limits import ACTION_TEXT, LONG_TEXT, SHORT_TEXT, TITLE
from reviews.forms import RecommendationStatusForm

PORTAL_APPS = ("actions", "indicators", "reviews", "partnerships")


def limited_text_fields() -> list[tuple[type[models.Model], models.TextField]]:
    return [(model, field) for app in PORTAL_APPS for model in apps.get_app_config(app).get_models()
            for field in model._meta.get_fields()
            if isinstance(field, models.TextField) and not model.__name__.startswith("Historical")]


def test_every_free_text_of_the_plan_apps_has_a_limit_enforced_by_the_model():
    fields = limited_text_fields()
    assert len(fields) > 30
    unlimited = [f"{model.__name__}.{field.name}" for model, field in fields if not field.max_length]
    assert unlimited == []
    for _model, field in fields:
        with pytest.raises(ValidationError, match=f"at most {field.max_length} characters"):
            field.run_validators("x" * (field.max_length or 0) + "x")


def test_the_limits_by_kind_of_text():
    assert Action._meta.get_field("description").max_length == ACTION_TEXT
    assert Action._meta.get_field("by_whom").max_length == SHORT_TEXT
    assert apps.get_model("actions", "Objective")._meta.get_field("title").max_length == TITLE
    for name in ("narrative", "barriers", "evidence"):
        assert ProgressUpdate._meta.get_field(name).max_length == LONG_TEXT


def test_progress_form_refuses_a_narrative_over_10000_characters_with_the_length(world):
    data = {"quarter": "2009-10 Q2", "status": Status.ON_TRACK, "barriers": "b" * LONG_TEXT}
    form = ProgressForm({**data, "narrative": "n" * (LONG_TEXT + 1)}, plan=world.plan)

    assert not form.is_valid()
    assert form.errors["narrative"] == ["Ensure this value has at most 10000 characters (it has 10001)."]
    assert "barriers" not in form.errors  # exactly at the limit is accepted


def test_action_form_and_the_model_refuse_a_description_over_the_limit(world):
    form = ActionForm(instance=world.police_action)
    assert f'maxlength="{ACTION_TEXT}"' in str(form["description"])
    action = world.police_action
    action.description = "d" * (ACTION_TEXT + 1)
    with pytest.raises(ValidationError) as refused:
        action.full_clean()
    assert refused.value.message_dict["description"] == [
        f"Ensure this value has at most {ACTION_TEXT} characters (it has {ACTION_TEXT + 1})."]


def test_recommendation_evidence_is_limited():
    form = RecommendationStatusForm({"status": "completed", "evidence": "e" * (LONG_TEXT + 1)})
    assert not form.is_valid() and "at most 10000 characters" in form.errors["evidence"][0]


def test_every_text_of_the_demo_data_is_within_its_limit(db):
    load_demo_data()

    over = []
    for model, field in limited_text_fields():
        longest = model._default_manager.aggregate(n=models.Max(Length(field.name)))["n"] or 0
        if field.max_length is not None and longest > field.max_length:
            over.append(f"{model.__name__}.{field.name}: {longest} > {field.max_length}")
    assert over == []
