"""The plan page's rows are escaped once in the view (actions.views.plan.printed_row): the text a
partnership types still reaches the page as text, never as markup."""

from django.urls import reverse

from actions.models import Status
from tests.conftest import add_update, make_action

PLAN_URL = reverse("actions:plan", kwargs={"partnership": "north"})


def test_row_text_with_markup_characters_is_printed_as_text(client, world):
    action = make_action(world.plan, world.objective, "1.<9>", world.housing,
                         description='Train "front-line" staff & <script>alert(1)</script>')
    add_update(action, 2009, 2, Status.AT_RISK, narrative="Waiting for <b>DARO</b> & 'the board'")
    client.force_login(world.member)
    html = client.get(PLAN_URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Train &quot;front-line&quot; staff &amp; &lt;script&gt;alert(1)&lt;/script&gt;</a>" in html
    assert "<td>1.&lt;9&gt;</td>" in html
    assert "Waiting for &lt;b&gt;DARO&lt;/b&gt; &amp; &#x27;the board&#x27;" in html
