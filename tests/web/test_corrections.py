"""Corrections made on the web page of `kg serve`, in headless Chromium, read back with the CLI.

A store of the sample articles is served with a write token. The page is opened first
without it (a write is refused, 401, and the page says so), then at the address `kg serve`
prints, with the token in the fragment. On the page, with the mouse: two nodes merged, an
edge asserted (drawn dashed), an edge rejected (it disappears), a rename the server refuses
(the page shows its error and status), the last correction undone. The server is stopped
and `kg corrections list`, `kg show` and `kg query neighbors` read the store: the log and
the graph must be what the page did. Run with tests/web/test_web.py by scripts/test; the
browser is conftest.py's.
"""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from test_web import KG, ROOT, drawn

TOKEN = "web-s3cret/&"


@pytest.fixture(scope="module")
def store():
    work = tempfile.mkdtemp()
    db = os.path.join(work, "kg.sled")
    subprocess.run([KG, "--db", db, "--quiet", "ingest", os.path.join(ROOT, "data", "articles"),
                    os.path.join(ROOT, "tests", "fixtures", "dated")], check=True, capture_output=True)
    yield db
    shutil.rmtree(work)


def serve(db):
    """`kg serve --token` on a free port; returns the process and the page address it printed."""
    proc = subprocess.Popen([KG, "--db", db, "serve", "--addr", "127.0.0.1:0", "--token", TOKEN],
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 20
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if "serving" in line:
            return proc, line.split(" at ", 1)[1].split(" ", 1)[0]
    proc.kill()
    raise RuntimeError("kg serve printed no address")


def kg(db, *args):
    done = subprocess.run([KG, "--db", db, *args], capture_output=True, text=True)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def wait(browser, condition, timeout=10):
    return WebDriverWait(browser, timeout).until(condition)


# Where an element is drawn, in model coordinates: a node's centre; for an edge its midpoint,
# or another point of it when a node or another edge is drawn over the midpoint (cytoscape's
# own hit test, `findNearestElement`, says which element a click there reaches).
POINT = """
const e = kgGraph.$(arguments[0]);
if (e.empty()) return null;
if (e.isNode()) return e.position();
const m = e.midpoint(), s = e.sourceEndpoint(), t = e.targetEndpoint();
const tries = [m, ...[0.4, 0.6, 0.3, 0.7, 0.25, 0.75].map(f => ({x: s.x + (t.x - s.x) * f, y: s.y + (t.y - s.y) * f}))];
return tries.find(p => Number.isFinite(p.x) && kgGraph.renderer().findNearestElement(p.x, p.y, true, false) === e[0]) || null;
"""


def point(browser, selector):
    """Where the element is drawn, relative to the centre of the canvas (once laid out)."""
    return wait(browser, lambda b: b.execute_script(
        "const p = (function () {" + POINT + "}).apply(null, arguments); if (!p) return null;"
        " const z = kgGraph.zoom(), pan = kgGraph.pan(), r = document.getElementById('cy').getBoundingClientRect();"
        " const x = p.x * z + pan.x, y = p.y * z + pan.y;"
        " return Number.isFinite(x) && Number.isFinite(y) ? [x - r.width / 2, y - r.height / 2] : null;",
        selector))


def at(browser, selector):
    x, y = point(browser, selector)
    return ActionChains(browser).move_to_element_with_offset(browser.find_element(By.ID, "cy"), int(x), int(y))


def menu(browser, selector, item):
    """Right-clicks what `selector` names and picks the menu item that starts with `item`."""
    at(browser, selector).context_click().perform()
    find = lambda b: next((li for li in b.find_elements(By.CSS_SELECTOR, "#menu li")
                           if li.is_displayed() and li.text.startswith(item)), None)
    try:
        entry = wait(browser, find, timeout=5)
    except Exception:
        shown = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#menu li")]
        selected = browser.execute_script("return kgGraph.$(':selected').map(e => e.data('name') || e.id())")
        raise AssertionError(f"no menu item {item!r} on {selector}: menu {shown}, selected {selected}")
    entry.click()


def answer(browser, **fields):
    """Fills the page's dialog and presses OK."""
    wait(browser, lambda b: b.find_element(By.ID, "ask").is_displayed())
    for name, value in fields.items():
        field = browser.find_element(By.CSS_SELECTOR, f"#ask [name={name}]")
        if field.tag_name == "select":
            field.find_element(By.CSS_SELECTOR, f"option[value='{value}']").click()
        else:
            field.clear()
            field.send_keys(value)
    title = browser.find_element(By.ID, "ask-title").text
    browser.find_element(By.ID, "ask-ok").click()
    # Closed, or opened again with another question (the token, after a 401).
    wait(browser, lambda b: not b.find_element(By.ID, "ask").is_displayed() or b.find_element(By.ID, "ask-title").text != title)


def edge(browser, a, relation, b):
    """The drawn edge between the entities named a and b, as a cytoscape selector."""
    return wait(browser, lambda br: br.execute_script(
        "const e = kgGraph.edges().filter(e => e.data('relation') === arguments[1]"
        " && [e.source().data('name'), e.target().data('name')].sort().join('|') === [arguments[0], arguments[2]].sort().join('|'));"
        " return e.nonempty() ? '#' + CSS.escape(e.id()) : null;", a, relation, b))


def names(browser):
    return set(drawn(browser)["nodes"])


def message(browser):
    return browser.find_element(By.ID, "message").text


def test_merge_assert_reject_and_undo_on_the_page_are_in_the_store_after(store, browser):
    proc, page = serve(store)
    try:
        assert page.endswith("/#token=web-s3cret%2F%26"), page
        base = page.split("#")[0]

        # Without the token, a write is refused: the page asks for it, and when none is
        # given, shows the server's error with its status.
        browser.get(base + "?entity=Volodymyr%20Zelenskyy")
        wait(browser, lambda b: "Keith Kellogg" in names(b))
        menu(browser, "node[name = 'Keith Kellogg']", "Rename")
        answer(browser, name="Keith Kellogg Jr.")
        wait(browser, lambda b: b.find_element(By.ID, "ask-title").text == "This server needs its write token")
        browser.find_element(By.ID, "ask-cancel").click()
        wait(browser, lambda b: "needs the token" in message(b) and "HTTP 401" in message(b))

        # At the address kg serve printed: the token goes to session storage and out of the
        # address bar.
        browser.get(page.replace("/#", "/?entity=Volodymyr%20Zelenskyy#"))
        # (The same document: only the fragment changes, and the page takes it then.)
        wait(browser, lambda b: b.execute_script("return location.hash") == "")
        assert browser.execute_script("return sessionStorage.getItem('kg-token')") == TOKEN
        wait(browser, lambda b: {"Keith Kellogg", "Andriy Yermak", "Ukraine"} <= names(b))
        browser.find_element(By.ID, "search").send_keys("Kyiv")
        wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#suggestions li[data-id=e52]"))
        browser.find_element(By.CSS_SELECTOR, "#suggestions li[data-id=e52]").click()
        wait(browser, lambda b: "Kyiv" in names(b) and "Volodymyr Zelenskyy" in names(b))

        # Merge: click Kyiv (it is selected), right-click Ukraine. Kyiv is gone from the drawing.
        at(browser, "node[name = 'Kyiv']").click().perform()
        wait(browser, lambda b: b.execute_script("return kgGraph.$(':selected').map(n => n.data('name'))") == ["Kyiv"])
        menu(browser, "node[name = 'Ukraine']", "Merge Kyiv into Ukraine")
        answer(browser, note="the capital stands for the state here")
        wait(browser, lambda b: "Kyiv" not in names(b) and "Ukraine" in names(b))
        # Kyiv was expanded; Ukraine, where it went, is expanded in its place.
        wait(browser, lambda b: b.execute_script("return kgGraph.$('#e17').hasClass('center')"))
        assert "Merged Kyiv into Ukraine: correction 1" in message(browser)

        # Assert: Ctrl-click Yermak (selected, not expanded), right-click Kellogg; the new edge
        # is drawn dashed.
        at(browser, "node[name = 'Andriy Yermak']").key_down(Keys.CONTROL).click().key_up(Keys.CONTROL).perform()
        menu(browser, "node[name = 'Keith Kellogg']", "Assert an edge with Andriy Yermak")
        answer(browser, relation="met-with", note="Yermak joined the Kellogg-Zelenskyy meeting")
        asserted = edge(browser, "Andriy Yermak", "met-with", "Keith Kellogg")
        wait(browser, lambda b: b.execute_script(
            "const e = kgGraph.$(arguments[0]); return e.hasClass('asserted') && e.style('line-style') === 'dashed'", asserted))
        assert browser.execute_script("return kgGraph.edges('.asserted').length") == 1

        # Reject Zelenskyy met-with Kellogg: the edge disappears.
        menu(browser, edge(browser, "Volodymyr Zelenskyy", "met-with", "Keith Kellogg"), "Reject Keith Kellogg met-with Volodymyr Zelenskyy")
        answer(browser, note="a handshake, not a meeting")
        wait(browser, lambda b: "Rejected" in message(b))
        assert not any(e[1] == "met-with" and "e54" in (e[0], e[2]) for e in drawn(browser)["edges"]), (message(browser), drawn(browser))

        # A rename the server refuses (the name is another entity's): shown with its status,
        # and nothing written.
        menu(browser, "node[name = 'Andriy Yermak']", "Rename")
        answer(browser, name="Volodymyr Zelenskyy")
        wait(browser, lambda b: "Renamed Andriy Yermak refused" in message(b))
        # (The README quotes this message.)
        assert message(browser).startswith('Renamed Andriy Yermak refused: "Volodymyr Zelenskyy" is the name of Volodymyr Zelenskyy (e54, person)')
        assert message(browser).endswith("or choose another name (HTTP 400)"), message(browser)
        assert "error" in browser.find_element(By.ID, "message").get_attribute("class")

        # The log panel lists the three; undo the last (the rejection): the edge is back.
        browser.find_element(By.ID, "show-log").click()
        wait(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "#evidence .log-entry")) == 3)
        panel = browser.find_element(By.ID, "evidence").text
        assert "merge Kyiv into Ukraine" in panel and "assert Andriy Yermak met-with Keith Kellogg" in panel, panel
        assert "reject" in panel and "a handshake, not a meeting" in panel, panel
        browser.find_element(By.ID, "undo-last").click()
        wait(browser, lambda b: b.find_element(By.ID, "ask-title").text == "Undo correction 3?")
        answer(browser)
        wait(browser, lambda b: "Undid correction 3 (reject" in message(b))
        edge(browser, "Volodymyr Zelenskyy", "met-with", "Keith Kellogg")
        wait(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "#evidence .log-entry")) == 2)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0

    # The store, read by the CLI once the server is gone.
    log = json.loads(kg(store, "corrections", "list", "--format", "json"))["corrections"]
    assert [(c["n"], c["op"], c["source"], c["target"]) for c in log] == [
        (1, "merge", "Ukraine", "Kyiv"), (2, "assert", "Andriy Yermak", "Keith Kellogg")], log
    assert all(c["in_effect"] for c in log), log
    assert log[0]["note"] == "the capital stands for the state here"
    ukraine = json.loads(kg(store, "show", "Kyiv", "--format", "json"))
    assert ukraine["id"] == "e17" and "Kyiv" in ukraine["aliases"], ukraine
    kellogg = json.loads(kg(store, "query", "neighbors", "Keith Kellogg", "--format", "json"))
    around = {(n["name"], n["relation"]) for n in kellogg["neighbors"]}
    assert ("Andriy Yermak", "met-with") in around, around
    assert ("Volodymyr Zelenskyy", "met-with") in around, around
    assert json.loads(kg(store, "show", "Andriy Yermak", "--format", "json"))["name"] == "Andriy Yermak"
    assert "ok" in kg(store, "check")
