"""A word of 100,000 characters with no space (in a narrative, a barrier, an action description) wraps
inside the page and lays out in seconds: WeasyPrint's line breaking is quadratic in a word's length,
so the renderer gives long words break opportunities and the stylesheet lets any text break anywhere."""

from __future__ import annotations

import re
import subprocess
import time

from actions.models import ActionPlan, Objective, Status
from partnerships.periods import Quarter
from reports.pdf_worker import ZWSP, breakable
from reports.services import return_build
from tests.conftest import add_update, make_action

WORD = 100_000


def pdftotext(pdf: bytes, *furniture: str) -> str:
    """The PDF's text as poppler extracts it, with every space and line break taken out and without
    what each page repeats (the marking, the page number, the running title): a text broken across
    pages reads whole."""
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = re.sub(r"\s+", "", text)
    for repeated in ("OFFICIAL-SENSITIVE", *furniture):
        text = text.replace(re.sub(r"\s+", "", repeated), "")
    return re.sub(r"page\d+of\d+", "", text)


def test_100k_character_words_in_narrative_barrier_and_description_render_whole(world, tmp_path):
    objective = Objective.objects.create(plan=world.plan, ref="2", label="Objective", order=2,
                                         title="T" + "t" * 5_000)
    action = make_action(world.plan, objective, "2.1", world.police, description="D" + "d" * WORD)
    add_update(action, 2009, 3, Status.OFF_TRACK, narrative="N" + "n" * WORD, barriers="B" + "b" * WORD)
    plan = ActionPlan.objects.select_related("strategy__partnership").get(pk=world.plan.pk)

    started = time.perf_counter()
    built = return_build(plan=plan, quarter=Quarter(2009, 3), group=world.sig, user=world.coordinator, draft=False,
                         annex=True)  # the texts in full: the annex
    print(f"\n3 words of {WORD:,} characters: {time.perf_counter() - started:.1f} s to build, "
          f"{built.rendered.layout_seconds:.1f} s layout, {built.rendered.cpu_seconds:.1f} s CPU in the renderer, "
          f"{built.rendered.pages} pages")

    cover = built.data.cover
    text = pdftotext(built.pdf, f"{cover.partnership} · {cover.group} · {cover.quarter}")
    assert "D" + "d" * WORD in text  # the description in full, in the action plan
    assert "N" + "n" * 290 in text  # the narrative as far as the action plan prints it
    assert "B" + "b" * 190 in text  # the barrier, in the exceptions
    assert "T" + "t" * 5_000 in text
    assert ZWSP not in text  # the break opportunities are invisible and are not copied out
    (tmp_path / "return.pdf").write_bytes(built.pdf)
    # Page 1 for a look (the check that nothing runs off the page was done by eye on this PNG).
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(tmp_path / "return.pdf"),
                    str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-01.png").stat().st_size > 0


def test_long_words_get_break_opportunities_only_in_text():
    word = "w" * 45
    html = (f'<p title="{word}">{word} short &amp;{word}</p><style>.x{{content:"{word}"}}</style>'
            f"<title>{word}</title><!-- {word} -->")

    out = breakable(html)

    assert out.replace(ZWSP, "") == html
    assert out.count(ZWSP) == 4 + 4  # 45 characters: a break after each 10; '&amp;' counts as one
    assert f'title="{word}"' in out and f"<title>{word}</title>" in out and f'content:"{word}"' in out
    assert "&am" + ZWSP not in out and "&amp;wwwwwwwww" + ZWSP in out
    thirty = "abcdefghijklmnopqrstuvwxyz1234"
    assert breakable(f"<p>a word of thirty characters is kept whole: {thirty}</p>").count(ZWSP) == 0
