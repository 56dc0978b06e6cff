"""The web app as a user sees it: Debian's Chromium driven by Playwright over the sample graph, on each store.

Screenshots of the main pages go to tests/artifacts/. Without /usr/bin/chromium these tests skip,
except in CI (the CI variable set), where they fail: scripts/services.d/10-browser.sh installs it.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import rdflib
from conftest import CONSOLE, serving

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
EVIL = "<img src=x onerror=alert(1)>"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def live_url(sample_settings: dict[str, str]) -> Iterator[str]:
    """The web app over the sample graph on each store."""
    with serving(sample_settings) as url:
        yield url


@pytest.fixture
def page(browser, live_url: str) -> Iterator:
    """A fresh page that records any dialog (alert) or page error.

    It bypasses the app's Content-Security-Policy (which forbids inline scripts), so that the markup
    test proves the escaping itself, and so that the tests may evaluate their own scripts.
    """
    ctx = browser.new_context(base_url=live_url, viewport={"width": 1280, "height": 900}, accept_downloads=True,
                              bypass_csp=True)
    pg = ctx.new_page()
    pg.problems = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    yield pg
    ctx.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def wait_for_network(page) -> None:
    page.wait_for_selector("#network[data-ready=yes]", timeout=60_000)


def painted_pixels(page) -> int:
    """Non-white pixels on the network's canvas."""
    return page.evaluate("""() => {
      const c = document.querySelector('#network canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
      return n;
    }""")


def node_position(page, label: str) -> dict[str, float]:
    """Where a node is drawn, in page coordinates."""
    return page.evaluate("""(label) => {
      const net = window.kgNetwork, box = document.querySelector('#network').getBoundingClientRect();
      const id = net.body.data.nodes.get({filter: (n) => n.label === label})[0].id;
      const p = net.canvasToDOM(net.getPositions([id])[id]);
      return {x: box.left + p.x, y: box.top + p.y};
    }""", label)


def test_search_entity_network_and_click_through(page):
    page.goto("/")
    shot(page, "home")
    box = page.locator("header input[name=q]")
    box.fill("tenc")
    page.wait_for_function("document.querySelectorAll('#suggestions option').length > 0")
    assert "Tencent" in page.locator("#suggestions option").first.get_attribute("value")
    box.fill("bytedanse")  # a typo
    box.press("Enter")
    page.wait_for_url("**/search?q=bytedanse")
    shot(page, "search")
    page.locator("ol.results a.ent", has_text="ByteDance").first.click()
    page.wait_for_url("**/entity?name=ByteDance")
    assert page.get_by_text("ByteDance (字节跳动) released SDXL-Lightning this week, an open text-to-image").count()
    shot(page, "entity")
    page.get_by_role("link", name="Network", exact=True).last.click()
    page.wait_for_url("**/network?name=ByteDance")
    wait_for_network(page)
    assert page.evaluate("window.kgNetwork.body.data.nodes.length") > 3
    assert painted_pixels(page) > 500
    shot(page, "network")
    pos = node_position(page, "SDXL-Lightning")
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_url("**/entity?name=SDXL-Lightning")
    assert page.locator("h1").inner_text().startswith("SDXL-Lightning")
    assert not page.problems


def test_console_query_and_csv_download(page, sample_store):
    lang, query, _ = CONSOLE[sample_store]
    page.goto(f"/console?lang={lang}")
    page.locator("textarea[name=query]").fill(query)
    page.get_by_role("button", name="Run").click()
    page.wait_for_selector("table.results")
    assert page.locator("table.results tbody tr").count() == 7
    shot(page, "console")
    with page.expect_download() as dl:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["name"] and len(rows) == 8
    assert not page.problems


def test_export_download_parses(page):
    page.goto("/export")
    with page.expect_download() as dl:
        page.get_by_role("link", name="turtle", exact=True).click()
    assert dl.value.suggested_filename == "digestkg.ttl"
    g = rdflib.Graph().parse(dl.value.path(), format="turtle")
    assert (rdflib.URIRef("https://digestkg.org/id/company/bytedance"), rdflib.RDFS.label,
            rdflib.Literal("ByteDance")) in g
    page.locator("#export-entity input[name=name]").fill("Alipay")
    page.locator("#export-entity select[name=fmt]").select_option("jsonld")
    with page.expect_download() as dl:
        page.locator("#export-entity button").click()
    assert dl.value.suggested_filename == "digestkg-alipay.jsonld"
    assert len(rdflib.Graph().parse(dl.value.path(), format="json-ld")) > 10


def test_other_pages_render(page):
    for url, name in (("/analytics", "analytics"), ("/digest?doc=seed-digest.txt", "digest"),
                      ("/network/path?from=Alipay&to=ByteDance", "path")):
        page.goto(url)
        if name == "path":
            wait_for_network(page)
        shot(page, name)
    assert not page.problems


def test_markup_from_the_news_never_runs(page, sample_store):
    """An entity named like an <img> tag and a sentence with </script> stay text, in pages and the network."""
    urls = ["/", "/entity?name=Tencent+Holdings", f"/entity?name={quote(EVIL)}", "/digest?doc=evil.txt",
            f"/search?q={quote(EVIL)}", "/analytics", "/digests",
            f"/console?lang={CONSOLE[sample_store][0]}&query=" + quote(CONSOLE[sample_store][2])]
    for url in urls:
        page.goto(url)
        assert page.evaluate("document.querySelectorAll('img').length") == 0, url
    page.goto(f"/network?name={quote(EVIL)}")
    wait_for_network(page)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    pos = node_position(page, EVIL)
    page.mouse.move(pos["x"], pos["y"])
    tip = page.wait_for_selector("div.vis-tooltip .tip", state="attached", timeout=10_000)
    assert EVIL in tip.inner_text()
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    page.goto("/network?name=Tencent+Holdings")
    wait_for_network(page)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert not page.problems, page.problems


def test_pages_work_under_the_content_security_policy(browser, live_url):
    """With the app's CSP enforced, the network still draws and no asset is refused."""
    ctx = browser.new_context(base_url=live_url)
    pg = ctx.new_page()
    refused: list[str] = []
    pg.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    pg.on("pageerror", lambda e: refused.append(str(e)))
    try:
        pg.goto("/network?name=ByteDance&depth=2")
        wait_for_network(pg)
        pg.goto("/")
        pg.locator("header input[name=q]").fill("alip")
        pg.wait_for_selector("#suggestions option", state="attached")
    finally:
        ctx.close()
    assert not refused, refused


def test_a_hubs_groups_expand_on_click_and_fit(browser, sample_settings, monkeypatch):
    """With a small node cap a hub's neighbours beyond it are dashed boxes: a click adds a group's members
    around it (fetched under the app's CSP) and counts them above the view as drawn, "Fit" shows them all,
    and members named like markup stay text.
    In a view laid out on the server the nodes already drawn stay where they are."""
    from digestkg import network_view

    problems: list[str] = []
    for cap, name, server in ((8, "Microsoft", False), (2, "Tencent Holdings", False), (8, "Google", True)):
        monkeypatch.setattr(network_view, "SERVER_LAYOUT_ABOVE", 3 if server else 200)
        with serving({**sample_settings, "KG_NETWORK_MAX_NODES": cap}) as url:
            ctx = browser.new_context(base_url=url, viewport={"width": 1280, "height": 900})
            pg = ctx.new_page()
            pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
            pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            pg.on("response", lambda r: problems.append(f"{r.status} {r.url}")
                  if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
            try:
                pg.goto(f"/network?name={quote(name)}")
                wait_for_network(pg)
                assert pg.locator("#network").get_attribute("data-physics") == ("off" if server else "on")
                before = pg.evaluate("window.kgNetwork.body.data.nodes.length")
                counts = {c: int(pg.locator(f".netinfo .{c}").inner_text())
                          for c in ("net-entities", "net-facts", "net-clustered")}
                placed = pg.evaluate("window.kgNetwork.getPositions()")
                group = pg.evaluate("window.kgNetwork.body.data.nodes.get({filter: (n) => n.cluster})[0]")
                assert before <= cap and group["count"] >= 2
                pos = node_position(pg, group["label"])
                pg.mouse.click(pos["x"], pos["y"])
                pg.wait_for_selector("#network[data-expanded='1']", timeout=30_000)
                after = pg.evaluate("window.kgNetwork.body.data.nodes.length")
                added = min(group["count"], cap)
                assert after == before + added - (added == group["count"])  # the box goes once all are in
                # the line above the view counts the members as drawn, no longer as grouped
                assert int(pg.locator(".netinfo .net-entities").inner_text()) == counts["net-entities"] + added
                assert int(pg.locator(".netinfo .net-clustered").inner_text()) == counts["net-clustered"] - added
                assert int(pg.locator(".netinfo .net-facts").inner_text()) > counts["net-facts"]
                assert pg.evaluate("(id) => window.kgNetwork.body.data.nodes.get(id) === null", group["id"]) == (
                    added == group["count"])
                if server:
                    now = pg.evaluate("window.kgNetwork.getPositions()")
                    assert all(now[k] == v for k, v in placed.items() if k in now)
                pg.click("#network-fit")
                pg.wait_for_timeout(400)
                assert painted_pixels(pg) > 500
                assert pg.evaluate("document.querySelectorAll('img').length") == 0
                shot(pg, f"network-expanded-{name.split()[0].lower()}")
            finally:
                ctx.close()
            assert not problems, problems


GLYPHS = """(text) => {
  // each character drawn alone, in the font stack the page gives its text: missing glyphs all draw
  // the same box (tofu), real ones differ from each other
  const el = document.createElement('span');
  el.textContent = text;
  document.body.appendChild(el);
  const font = '32px ' + getComputedStyle(el).fontFamily;
  el.remove();
  return [...text].map((ch) => {
    const c = document.createElement('canvas');
    c.width = c.height = 40;
    const ctx = c.getContext('2d');
    ctx.font = font;
    ctx.fillText(ch, 2, 32);
    const d = ctx.getImageData(0, 0, 40, 40).data;
    let bits = '', ink = 0;
    for (let i = 3; i < d.length; i += 4) { bits += d[i] > 127 ? '1' : '0'; ink += d[i] > 127; }
    return {ch, ink, bits, width: ctx.measureText(ch).width};
  });
}"""


def test_chinese_names_render_as_glyphs(page):
    """支付宝 draws three different glyphs in the page's font stack, not three identical boxes."""
    page.goto("/")
    glyphs = page.evaluate(GLYPHS, "支付宝")
    assert all(g["ink"] > 20 for g in glyphs), [g["ink"] for g in glyphs]
    assert len({g["bits"] for g in glyphs}) == 3, "the three characters draw the same shape: no CJK font"
    latin = page.evaluate(GLYPHS, "Al")
    assert glyphs[0]["width"] > 1.5 * latin[1]["width"]  # CJK glyphs are full width
    assert not page.problems
