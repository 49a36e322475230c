"""gate.html and matrix.html in a real headless Chromium: the verdict first, nothing wider, heat map and charts drawn.

Run with ``nox -s browser`` (installs playwright, and Debian's chromium when missing and root); the
``tests`` session deselects the ``browser`` marker. Playwright drives the system's
``/usr/bin/chromium``: no browser is downloaded.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stockgate.reports import gate as gate_reports
from stockgate.reports import matrix as matrix_reports
from tests.reports import builders as b

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
FIRST_SCREEN = {"width": 1280, "height": 800}
SNAPSHOT = Path(__file__).resolve().parents[1] / "snapshots" / "gate.html"

# every <details> opened (folded content must fit too), then what is wider than the viewport
OVERFLOW = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const width = document.documentElement.clientWidth, out = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > root.clientWidth) out.push(`page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width > width + 0.5 || box.right > width + 0.5)
      out.push(`<${el.tagName.toLowerCase()} class="${el.className.baseVal ?? el.className}"> ` +
               `${Math.round(box.left)}..${Math.round(box.right)} px`);
  }
  return out.slice(0, 10);
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium through playwright; one clear failure (not a skip) when either is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser check needs playwright: run `nox -s browser` (it installs it)", pytrace=False)
    if not shutil.which(CHROMIUM):
        pytest.fail(f"the browser check needs {CHROMIUM}: run `nox -s browser` as root (it runs apt-get install "
                    "chromium), or `sudo apt-get install chromium`", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def _gate_page() -> str:
    """A failing gate with what stretches a page: an unbroken 3 KB value, long output lines, 46 scenarios."""
    wide = "sourceItems[0].extension_attributes." + "x" * 3_000
    said = ("catalog: " + "10008," * 400, "stock: unmapped-outlet: outlet Pop-up Store maps to no Magento source")
    outcomes = [b.outcome(n, regression=n == 3, pre_existing=n in (5, 6), actual=wide, said=said) for n in range(46)]
    findings = [b.finding(3, blocking=True, actual=wide), b.finding(5, blocking=False, state="pre-existing"),
                b.finding(6, blocking=False, state="fixed")]
    return gate_reports.html_report(b.gate(outcomes, findings))


def _matrix_page() -> str:
    """A 4 x 5 matrix of the catalog's size with failures spread over it."""
    scenarios = [f"{folder}/scenario-with-a-long-descriptive-name-{n}" for folder in
                 ("api-limits", "returns", "reservations", "per-location", "upgrades") for n in range(9)]
    pairs = [(m, ls) for m in ("2.4.6", "2.4.7", "2.4.8", "2.4.9") for ls in ("2.0", "2026-01", "2026-04", "2026-07",
                                                                             "2026-10")]
    failing = {f"magento@{m}-lightspeed@{ls}": set(scenarios[i % 7::11]) for i, (m, ls) in enumerate(pairs)}
    return matrix_reports.html_report(b.matrix(pairs, failing, scenarios))


UNCHECKED = ('then.reported unmatched-product: not checked: the connector does not declare that it reports it (a '
             'python: class: reports = ("KIND", ...) and env.report(KIND, detail); a command: JSON lines in '
             '$STOCKGATE_REPORT; see the README, "Reporting hook")')


def _unchecked_gate_page() -> str:
    """A passing gate whose scenarios ran without then.reported (a connector without the reporting hook)."""
    outcomes = [b.outcome(n, unchecked=(UNCHECKED,) if n % 3 == 0 else ()) for n in range(30)]
    return gate_reports.html_report(b.gate(outcomes, []))


def _unchecked_matrix_page() -> str:
    """The 4 x 5 matrix with then.reported not checked in two scenarios on every pair."""
    scenarios = [f"{folder}/scenario-with-a-long-descriptive-name-{n}" for folder in
                 ("api-limits", "returns", "variants") for n in range(6)]
    pairs = [(m, ls) for m in ("2.4.6", "2.4.7", "2.4.8", "2.4.9") for ls in ("2.0", "2026-01", "2026-04", "2026-07",
                                                                             "2026-10")]
    unchecked = dict.fromkeys(scenarios[-2:], UNCHECKED)
    return matrix_reports.html_report(b.matrix(pairs, {}, scenarios, unchecked=unchecked))


PAGES = {"gate.html": _gate_page, "matrix.html": _matrix_page, "gate.html (snapshot)": SNAPSHOT.read_text,
         "gate.html (checks not made)": _unchecked_gate_page, "matrix.html (checks not made)": _unchecked_matrix_page}


def _open(browser: Any, html: str, width: int = 1280) -> Any:
    page = browser.new_page(viewport={"width": width, "height": FIRST_SCREEN["height"]})
    page.set_content(html, wait_until="load")
    return page


@pytest.mark.parametrize("name", list(PAGES))
def test_the_verdict_badge_is_in_the_first_screen(browser: Any, name: str) -> None:
    page = _open(browser, PAGES[name]())
    badge = page.locator("#verdict .badge")
    assert badge.is_visible(), f"{name}: no visible verdict badge"
    box = badge.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= FIRST_SCREEN["height"], (name, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= FIRST_SCREEN["width"], (name, box)
    assert badge.inner_text().split()[0] in ("PASS", "FAIL"), badge.inner_text()
    page.close()


@pytest.mark.parametrize("width", [1280, 1000])
@pytest.mark.parametrize("name", list(PAGES))
def test_nothing_overflows_sideways(browser: Any, name: str, width: int) -> None:
    page = _open(browser, PAGES[name](), width)
    problems = page.evaluate(OVERFLOW)
    page.close()
    assert problems == [], f"{name} at {width} px: {problems}"


def test_a_too_wide_element_fails_the_check(browser: Any) -> None:
    planted = _gate_page().replace("<h2>Scenarios</h2>", "<h2>Scenarios</h2><div class='planted' "
                                   "style='width:1500px'>too wide</div>")
    page = _open(browser, planted)
    problems = page.evaluate(OVERFLOW)
    page.close()
    assert any("planted" in p for p in problems), problems
    assert any("scrolls sideways" in p for p in problems), problems


# what must be drawn: each chart's bars, and (matrix) the heat map's cells, each with a size and a colour
RENDERED = """() => {
  const out = [], charts = [...document.querySelectorAll('svg.chart')];
  if (!charts.length) out.push('no chart');
  for (const svg of charts) {
    const box = svg.getBoundingClientRect();
    if (box.width < 300 || box.height < 40)
      out.push(`chart drawn ${Math.round(box.width)} x ${Math.round(box.height)} px`);
    const bars = [...svg.querySelectorAll('rect')].filter(r => r.getBoundingClientRect().width >= 1);
    if (!bars.length) out.push('chart without a visible bar');
  }
  const heat = document.querySelector('table.heat');
  if (heat) {
    const cells = [...heat.querySelectorAll('td.h0, td.h1, td.h2, td.h3, td.h4')];
    const blank = cells.filter(td => { const b = td.getBoundingClientRect();
      return b.width < 8 || b.height < 8 || getComputedStyle(td).backgroundColor === 'rgba(0, 0, 0, 0)'; });
    if (!cells.length) out.push('heat map without a cell');
    if (blank.length) out.push(`${blank.length} heat map cells without a size or a colour`);
  }
  return out;
}"""
DRAWN = {"gate.html": False, "matrix.html": True, "gate.html (checks not made)": False,
         "matrix.html (checks not made)": True}


@pytest.mark.parametrize("name", list(DRAWN))
def test_the_heat_map_and_charts_render(browser: Any, name: str) -> None:
    page = _open(browser, PAGES[name](), 1000)
    problems = page.evaluate(RENDERED)
    has_heat = page.locator("table.heat").count() == 1
    page.close()
    assert problems == [], f"{name}: {problems}"
    assert has_heat == DRAWN[name], f"{name}: heat map {'missing' if DRAWN[name] else 'unexpected'}"


def test_a_chart_not_drawn_fails_the_check(browser: Any) -> None:
    planted = _matrix_page().replace("</style>", "svg.chart rect { display: none; } .heat td.h0 { background: "
                                     "transparent; }</style>")
    page = _open(browser, planted, 1000)
    problems = page.evaluate(RENDERED)
    page.close()
    assert "chart without a visible bar" in problems, problems
    assert any("heat map cells without a size or a colour" in p for p in problems), problems


@pytest.mark.parametrize("name", ["gate.html (checks not made)", "matrix.html (checks not made)"])
def test_checks_not_made_are_said_in_the_first_screen(browser: Any, name: str) -> None:
    page = _open(browser, PAGES[name](), 1000)
    note = page.locator(".unchecked-note")
    assert note.is_visible(), f"{name}: no visible note on the checks not made"
    box = note.bounding_box()
    assert box is not None and box["y"] + box["height"] <= FIRST_SCREEN["height"], (name, box)
    assert "Not checked" in note.inner_text() and "then.reported" in note.inner_text()
    assert page.locator("#unchecked table tr").count() > 1
    page.close()
