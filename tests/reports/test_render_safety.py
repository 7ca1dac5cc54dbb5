"""The PDF renderer fetches nothing but the print stylesheet, embeds nothing, escapes user text,
and is stopped when it runs past its time limit."""

from __future__ import annotations

import os
import time

import pytest

from actions.models import ActionPlan, Objective, Status
from partnerships.periods import Quarter
from reports.pdf_worker import RefusedURL, StaticOnlyFetcher
from reports.render import RenderTimeout, allowed_static, render_pdf
from reports.services import return_build
from tests.conftest import add_update, make_action
from tests.reports.conftest import pdf_embedded_files, pdf_text

HOSTILE = [
    "<link rel=attachment href=file:///etc/passwd>",
    '<img src="http://169.254.169.254/">',
    "file:///dev/urandom",
    "@import url(http://127.0.0.1:5432)",
]
STYLESHEET = ("portal-static:reports/print.css", True)


def test_hostile_action_texts_produce_a_pdf_that_fetches_and_embeds_nothing(world):
    objective = Objective.objects.create(plan=world.plan, ref="2", label="Objective", order=2,
                                         title='<style>@import url(http://127.0.0.1:5432);</style>')
    for n, text in enumerate(HOSTILE):
        action = make_action(world.plan, objective, f"2.{n}", world.police, description=f"Action {n}: {text}")
        add_update(action, 2009, 3, Status.OFF_TRACK, narrative=f"Narrative {n}: {text}", barriers=text)
    plan = ActionPlan.objects.select_related("strategy__partnership").get(pk=world.plan.pk)

    built = return_build(plan=plan, quarter=Quarter(2009, 3), group=world.sig, user=world.coordinator)

    assert built.rendered.requests == [STYLESHEET]
    assert pdf_embedded_files(built.pdf) == []
    assert b"/EmbeddedFile" not in built.pdf and b"169.254" not in built.pdf.split(b"stream")[0]
    text = pdf_text(built.pdf)
    for n, hostile in enumerate(HOSTILE):
        assert f"Action {n}: {hostile}" in text.replace("\n", " ")
    assert "&lt;" not in text  # escaped once, by the template, and shown as the characters typed
    assert "&lt;link rel=attachment href=file:///etc/passwd&gt;" in built.html


def test_raw_hostile_html_is_refused_by_the_fetcher_even_without_escaping():
    html = (
        "<html><head><link rel=stylesheet href=portal-static:reports/print.css>"
        "<link rel=attachment href=file:///etc/passwd>"
        "<link rel=stylesheet href=http://127.0.0.1:5432/x.css>"
        "<style>@import url(http://127.0.0.1:5432); @font-face { font-family: x; src: url(file:///dev/urandom); }"
        "body { background: url(data:image/png;base64,iVBORw0KGgo=) }</style></head>"
        '<body><p class="return">Hello</p><img src="http://169.254.169.254/">'
        '<img src="file:///dev/urandom"><a rel=attachment href="file:///etc/hostname">x</a>'
        '<object data="file:///etc/passwd"></object><iframe src="file:///etc/passwd"></iframe></body></html>'
    )
    rendered = render_pdf(html, timeout=60)

    served = [url for url, ok in rendered.requests if ok]
    refused = {url for url, ok in rendered.requests if not ok}
    assert served == ["portal-static:reports/print.css"]
    assert {"file:///etc/passwd", "http://169.254.169.254/", "http://127.0.0.1:5432", "file:///dev/urandom"} <= refused
    assert pdf_embedded_files(rendered.pdf) == []
    assert b"root:" not in rendered.pdf


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "http://169.254.169.254/", "https://example.org/x.css", "data:text/css,body{}",
    "ftp://example.org/x", "portal-static:../settings.py", "portal-static:reports/../../portal/settings.py",
    "portal-static:/etc/passwd", "portal-static:vendor/bootstrap/bootstrap.min.css",
])
def test_fetcher_refuses_everything_but_the_named_static_files(url):
    fetcher = StaticOnlyFetcher(allowed_static())
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.requests == [(url, False)]


def test_fetcher_serves_the_print_stylesheet_from_disk():
    fetcher = StaticOnlyFetcher(allowed_static())
    response = fetcher.fetch("portal-static:reports/print.css")
    assert b"OFFICIAL-SENSITIVE" in response.read() and response.content_type == "text/css"


def test_rendering_past_the_time_limit_is_stopped_and_the_child_killed():
    rows = "".join(f"<tr><td>{'word ' * 40}</td><td>{n}</td></tr>" for n in range(20000))
    started = time.monotonic()
    with pytest.raises(RenderTimeout, match="longer than 0.5 seconds"):
        render_pdf(f"<table>{rows}</table>", timeout=0.5)
    assert time.monotonic() - started < 30
    # No rendering child is left behind.
    import multiprocessing

    assert [p for p in multiprocessing.active_children() if p.is_alive()] == []
    assert os.getpid()  # the test process itself carries on
