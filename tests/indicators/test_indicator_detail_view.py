import json
from decimal import Decimal

from django.urls import reverse

from indicators.models import Value


def url(indicator) -> str:
    return reverse("indicators:detail", kwargs={"partnership": "north", "pk": indicator.pk})


def test_table_shows_each_period_with_target_met_and_direction(world, as_role, repeat_marac):
    response = as_role("member").get(url(repeat_marac))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2009-10 Q1" in page and "2009-10 Q2" in page
    assert "Not met" in page  # Q1: 33% against 31%
    assert "Improving" in page  # Q2 down to 29%, lower is better


def test_chart_data_is_embedded_as_json_with_a_target_line_and_no_inline_script(world, as_role, repeat_marac):
    page = as_role("member").get(url(repeat_marac)).content.decode()
    start = page.index('<script id="indicator-chart-data" type="application/json">')
    body = page[page.index(">", start) + 1: page.index("</script>", start)]
    data = json.loads(body)
    assert data["labels"] == ["2009-10 Q1", "2009-10 Q2"]
    values, target = data["datasets"]
    assert values["data"] == [33.0, 29.0]
    assert target["kind"] == "target" and target["data"] == [31.0, 31.0]
    assert "js/indicators.js" in page
    # Every script tag either loads a file or carries JSON data: no inline code under the strict CSP.
    for chunk in page.split("<script")[1:]:
        assert 'src="' in chunk.split(">")[0] or 'type="application/json"' in chunk.split(">")[0]


def test_member_sees_no_entry_forms(world, as_role, repeat_marac):
    page = as_role("member").get(url(repeat_marac)).content.decode()
    assert "Enter a value" not in page and "Add a target" not in page


def test_coordinator_sees_entry_forms_and_can_open_a_value_to_change(world, as_role, repeat_marac):
    value = Value.objects.get(indicator=repeat_marac, quarter=2)
    page = as_role("coordinator").get(url(repeat_marac) + f"?value={value.pk}").content.decode()
    assert "Change the value for North Town, 2009-10 Q2" in page
    assert 'value="29"' in page


def test_another_partnerships_indicator_is_not_found(world, as_role, south_indicator):
    assert as_role("coordinator").get(url(south_indicator)).status_code == 404
    south_url = reverse("indicators:detail", kwargs={"partnership": "south", "pk": south_indicator.pk})
    assert as_role("outsider").get(south_url).status_code == 200


def test_query_count_does_not_grow_with_values(world, as_role, repeat_marac, django_assert_max_num_queries):
    Value.objects.bulk_create([
        Value(indicator=repeat_marac, area=world.area, year_start=2000 + q // 4, quarter=q % 4 + 1,
              value=Decimal(q % 90))
        for q in range(36)
    ])
    client = as_role("coordinator")
    with django_assert_max_num_queries(14):
        assert client.get(url(repeat_marac)).status_code == 200
