"""The web page of `kg serve`, driven in a real headless Chromium through WebDriver.

A store is built from the sample articles with the real binary, `kg serve` holds it, and the
page is searched, expanded, clicked, filtered and asked for a path as a person would. Run by
scripts/test (with the python of target/test-venv, which has requirements-test.txt's selenium,
pillow and pytest, and KG_BIN set to the kg it built); needs Debian's chromium and
chromium-driver. The browser is conftest.py's; corrections made on the page are
test_corrections.py's; a big neighbourhood, the hop limit, suggestions, asserted evidence and
the README's screenshot (KG_SCREENSHOT=path) are test_reading.py's.
"""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

import pytest
from PIL import Image
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The binary `cargo build` or `cargo test` made last (release or debug), unless KG_BIN says.
_built = [os.path.join(ROOT, "target", kind, "kg") for kind in ("release", "debug")]
KG = os.environ.get("KG_BIN") or max((p for p in _built if os.path.exists(p)), key=os.path.getmtime, default=_built[0])


@pytest.fixture(scope="module")
def server():
    work = tempfile.mkdtemp()
    db = os.path.join(work, "kg.sled")
    subprocess.run([KG, "--db", db, "--quiet", "ingest", os.path.join(ROOT, "data", "articles"),
                    os.path.join(ROOT, "tests", "fixtures", "dated")], check=True, capture_output=True)
    proc = subprocess.Popen([KG, "--db", db, "serve", "--addr", "127.0.0.1:0"], stderr=subprocess.PIPE)
    address = os.path.join(db, "serve.json")
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            with open(address) as f:
                info = json.load(f)
            if info["pid"] == proc.pid:
                break
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    else:
        proc.kill()
        raise RuntimeError("kg serve wrote no address")
    yield "http://" + info["addr"]
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    assert not os.path.exists(address), "the address file outlived the server"
    shutil.rmtree(work)


def api(base, path, **query):
    with urllib.request.urlopen(base + path + "?" + urllib.parse.urlencode(query)) as r:
        return json.load(r)


def wait(browser, condition, timeout=10):
    return WebDriverWait(browser, timeout).until(condition)


def drawn(browser):
    return browser.execute_script(
        "return {nodes: kgGraph.nodes(':visible').map(n => n.data('name')),"
        " edges: kgGraph.edges(':visible').map(e => [e.data('source'), e.data('relation'), e.data('target')])}")


def test_searching_expanding_clicking_filtering_and_finding_a_path(server, browser):
    browser.get(server + "/")
    loaded = browser.execute_script(
        "const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd - t.startTime;")
    print(f"page loaded in {loaded:.0f} ms")
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#relation-filters input"))

    # Search with suggestions, then pick one: the entity and its neighbours are drawn.
    box = browser.find_element(By.ID, "search")
    box.send_keys("zelensk")
    suggestion = wait(browser, EC.element_to_be_clickable((By.CSS_SELECTOR, "#suggestions li")))
    assert "Volodymyr Zelenskyy" in suggestion.text
    suggestion.click()
    wait(browser, lambda b: len(drawn(b)["nodes"]) > 1)
    expected = api(server, "/api/neighbors", entity="Volodymyr Zelenskyy")
    graph = drawn(browser)
    assert "Volodymyr Zelenskyy" in graph["nodes"]
    for n in expected["neighbors"]:
        assert n["name"] in graph["nodes"], (n["name"], graph)
    # The entity's panel lists its relations with their sentences, and the forms articles
    # wrote for it with their counts, not the spellings it is only found by (issue 25).
    wait(browser, lambda b: "Relations" in b.find_element(By.ID, "evidence").text)
    panel = browser.find_element(By.ID, "evidence").text
    assert "also: Zelenskyy (1 article)" in panel, panel
    assert "Zelenskii" not in panel, panel

    # Click an edge on the canvas, where it is drawn: its evidence sentence shows.
    source, relation, target = graph["edges"][0]
    # (Until the layout has placed the edge its midpoint is not a number: wait for one.)
    point = wait(browser, lambda b: b.execute_script(
        "const e = kgGraph.edges(':visible')[0]; const m = e.renderedMidpoint();"
        " const r = document.getElementById('cy').getBoundingClientRect();"
        " return Number.isFinite(m.x) && Number.isFinite(m.y) ? [m.x, m.y, r.width, r.height] : null;"))
    cy = browser.find_element(By.ID, "cy")
    ActionChains(browser).move_to_element_with_offset(cy, point[0] - point[2] / 2, point[1] - point[3] / 2).click().perform()
    evidence = api(server, "/api/evidence", source=source, relation=relation, target=target)
    sentence = evidence["evidence"][0]["sentence"]
    wait(browser, lambda b: sentence in b.find_element(By.ID, "evidence").text)
    assert "confidence" in browser.find_element(By.ID, "evidence").text

    # A date filter no article meets: no relation is left.
    browser.find_element(By.ID, "since").send_keys("2030-01-01")
    browser.find_element(By.ID, "apply").click()
    wait(browser, lambda b: len(drawn(b)["edges"]) == 0)
    browser.find_element(By.ID, "since").clear()
    browser.find_element(By.ID, "apply").click()
    wait(browser, lambda b: len(drawn(b)["edges"]) == len(expected["neighbors"]))

    # A relation filter: only met-with edges remain.
    for checkbox in browser.find_elements(By.CSS_SELECTOR, "#relation-filters input"):
        if checkbox.get_attribute("value") != "met-with":
            checkbox.click()
    wait(browser, lambda b: drawn(b)["edges"] and all(e[1] == "met-with" for e in drawn(b)["edges"]))
    for checkbox in browser.find_elements(By.CSS_SELECTOR, "#relation-filters input"):
        if not checkbox.is_selected():
            checkbox.click()
    wait(browser, lambda b: len(drawn(b)["edges"]) == len(expected["neighbors"]))

    # A path between two entities: drawn and named.
    path = api(server, "/api/path", **{"from": "Witkoff", "to": "Yermak"})["paths"][0]
    browser.find_element(By.ID, "path-from").send_keys("Witkoff")
    browser.find_element(By.ID, "path-to").send_keys("Yermak")
    browser.find_element(By.ID, "path-go").click()
    wait(browser, lambda b: b.find_element(By.ID, "message").text.startswith("Path:"))
    on_path = browser.execute_script("return kgGraph.nodes('.path').map(n => n.data('name'))")
    assert sorted(on_path) == sorted(n["name"] for n in path["nodes"])
    assert " → ".join(n["name"] for n in path["nodes"]) in browser.find_element(By.ID, "message").text

    # The view downloads as SVG and JSON (the same elements as drawn).
    svg = browser.execute_script("return kgViewSvg()")
    assert svg.startswith("<svg") and "Volodymyr Zelenskyy" in svg
    view = browser.execute_script("return kgViewJson()")
    assert len(view["entities"]) == len(drawn(browser)["nodes"])

    # A screenshot, not blank: many colours, and the type colours among them.
    shot = os.path.join(tempfile.mkdtemp(), "web-view.png")
    browser.save_screenshot(shot)
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours and len(colours) > 50, "the screenshot is blank"
    present = {c for _, c in colours}
    assert (0xCF, 0xE2, 0xFF) in present, "no person node drawn in its colour"


def test_an_unknown_or_ambiguous_name_says_so_on_the_page(server, browser):
    browser.get(server + "/?entity=Nobody%20Atall")
    wait(browser, lambda b: "unknown entity" in b.find_element(By.ID, "message").text)
    browser.get(server + "/?entity=Ant%C3%B3nio")
    wait(browser, lambda b: "Which one?" in b.find_element(By.ID, "evidence").text)
    assert "António Guterres" in browser.find_element(By.ID, "evidence").text


ATTACKER = """<!doctype html>
<html><body><form id="form" method="POST" enctype="text/plain" action="%(kg)s/api/corrections" target="sink">
<input name='{"op": "merge", "keep": "Witkoff", "others": ["Yermak"], "note": "", "x": "' value='"}'>
</form><iframe name="sink"></iframe><iframe id="framed" src="%(kg)s/"></iframe>
<script>
const kg = %(kg)r;
const article = '{"id": "csrf", "text": "Anna Sand met Erik Lund in Rome."}\\n';
const merge = '{"op": "merge", "keep": "Witkoff", "others": ["Yermak"], "note": ""}';
async function attempt(what, url, init) {
  try { const r = await fetch(url, init); return what + ': ' + r.type + ' ' + r.status; }
  catch (e) { return what + ': failed'; }
}
(async () => {
  const results = [];
  // What a page may send without asking the server first: text/plain, mode no-cors.
  results.push(await attempt('no-cors ingest', kg + '/api/ingest', {method: 'POST', mode: 'no-cors', body: article, headers: {'Content-Type': 'text/plain'}}));
  results.push(await attempt('no-cors correction', kg + '/api/corrections', {method: 'POST', mode: 'no-cors', body: merge, headers: {'Content-Type': 'text/plain'}}));
  results.push(await attempt('no-cors backup', kg + '/api/backup', {method: 'POST', mode: 'no-cors', body: '{"dest": "/tmp/kg-csrf-backup"}'}));
  // What needs a preflight, which the server never grants.
  results.push(await attempt('cors ingest', kg + '/api/ingest', {method: 'POST', body: article, headers: {'Content-Type': 'application/x-ndjson'}}));
  results.push(await attempt('cors correction', kg + '/api/corrections', {method: 'POST', body: merge, headers: {'Content-Type': 'application/json'}}));
  document.getElementById('form').submit();
  await new Promise(r => setTimeout(r, 1000));
  document.title = 'done';
  window.results = results;
})();
</script></body></html>
"""


def test_a_page_on_another_origin_cannot_write(server, browser):
    # See: #23. The page is served from another port of 127.0.0.1: another origin, the same site.
    before = api(server, "/api/export", format="json")
    work = tempfile.mkdtemp()
    with open(os.path.join(work, "index.html"), "w") as f:
        f.write(ATTACKER % {"kg": server})
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    other = subprocess.Popen(["python3", "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", work],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 10
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html").read()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        browser.get(f"http://127.0.0.1:{port}/index.html")
        wait(browser, lambda b: b.title == "done", timeout=20)
        results = browser.execute_script("return window.results")
        print(results)
        # The no-cors requests go out, their answers hidden from the page (opaque, or an
        # error under Cross-Origin-Resource-Policy); the others stop at the preflight.
        assert len(results) == 5, results
        assert all(r.endswith("failed") for r in results[3:]), results
    finally:
        other.terminate()
        other.wait()
        shutil.rmtree(work)
    assert api(server, "/api/export", format="json") == before, "a page on another origin changed the graph"
    assert not os.path.exists("/tmp/kg-csrf-backup"), "a page on another origin started a backup"
