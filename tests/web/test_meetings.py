"""The meetings panel (issue 28), in headless Chromium on the invented articles of
tests/fixtures/meetings: Ilsa Varneby hosts three others in Oslo on a Tuesday (2025-02-11),
meets Mira Odhiambo in Nairobi on a Wednesday (2025-04-16), and meets Tomas Kettering at a
time and place no sentence gives (the article's date, 2025-05-09).

Opened at its bar under the graph, the panel must list the selected entity's meetings newest
first with the date, the "(article date)" mark, the place and everyone in the room; draw the
vendored world outline (no request leaves kg) with one dot per place at its coordinates, on
land; keep the list and the dots to the time the slider picks; mark a dot's meetings when it
is clicked; and list a place's meetings when the place is selected.
KG_MEETINGS_SCREENSHOT=path saves a screenshot of the page with the panel open.
"""

import os
import re
import shutil
import tempfile
import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_web import KG, ROOT, api
from serving import run, serve

VARNEBY = "Ilsa Varneby"
OSLO_FOUR = ["Ilsa Varneby", "Mira Odhiambo", "Tomas Kettering", "Jonas Pelletier"]
NULLISH = re.compile(r"\b(null|undefined|NaN)\b")


@pytest.fixture(scope="module")
def server():
    work = tempfile.mkdtemp()
    db = os.path.join(work, "kg.sled")
    run(KG, db, "--quiet", "ingest", os.path.join(ROOT, "tests", "fixtures", "meetings"))
    with serve(KG, db) as address:
        yield address
    shutil.rmtree(work)


def wait(browser, condition, timeout=15):
    return WebDriverWait(browser, timeout).until(condition)


def js(browser, script, *args):
    return browser.execute_script(script, *args)


def shown_entity(browser):
    """The name the side panel shows (read in one step: the panel is replaced as it loads)."""
    return js(browser, "const h = document.querySelector('#evidence h3'); return h ? h.textContent : null")


def open_meetings(browser, server, name):
    """Opens the page on `name`, then the meetings panel; waits for its list."""
    browser.get(server + "/?entity=" + urllib.parse.quote(name))
    wait(browser, lambda b: shown_entity(b) == name)
    toggle = browser.find_element(By.ID, "meetings-toggle")
    wait(browser, lambda b: f"Meetings of {name}" in toggle.text)
    assert not browser.find_element(By.ID, "meetings-body").is_displayed(), "the panel opens only when asked"
    toggle.click()
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#meetings-list li.meeting"))


def shown_meetings(browser):
    """The meetings listed and not filtered out: (date line, participants), read in one step."""
    return [(head, names) for head, names in js(browser, """
        return [...document.querySelectorAll('#meetings-list li.meeting')]
          .filter((li) => getComputedStyle(li).display !== 'none')
          .map((li) => [li.querySelector('.meeting-head').innerText,
            [...li.querySelectorAll('.meeting-who a')].map((a) => a.textContent)]);""")]


def shown_dots(browser):
    """The dots drawn: {place name: (cx, cy, lat, lon, on land)}."""
    return {d["title"].split("\n")[0]: tuple(d[k] for k in ("cx", "cy", "lat", "lon", "land")) for d in js(browser, """
        const land = document.querySelector('#meetings-map path.land');
        return [...document.querySelectorAll('#meetings-map circle.venue')]
          .filter((c) => getComputedStyle(c).display !== 'none')
          .map((c) => ({ title: c.querySelector('title').textContent, cx: c.cx.baseVal.value, cy: c.cy.baseVal.value,
            lat: Number(c.dataset.lat), lon: Number(c.dataset.lon),
            land: land.isPointInFill(new DOMPoint(c.cx.baseVal.value, c.cy.baseVal.value)) }));""")}


def test_the_panel_lists_the_selected_entitys_meetings_newest_first_with_everyone_in_them(server, browser):
    open_meetings(browser, server, VARNEBY)
    assert shown_meetings(browser) == [
        ("2025-05-09 (article date) · no place given", ["Ilsa Varneby", "Tomas Kettering"]),
        ("2025-04-16 · Nairobi", ["Ilsa Varneby", "Mira Odhiambo"]),
        ("2025-02-11 · Oslo", OSLO_FOUR),
    ]
    assert browser.find_element(By.ID, "meetings-toggle").text.endswith(f"Meetings of {VARNEBY}: 3")
    # The page shows what the API answers, in its order.
    answer = api(server, "/api/meetings", entity=VARNEBY)["meetings"]
    assert [m["date"] for m in answer] == ["2025-05-09", "2025-04-16", "2025-02-11"]
    # A meeting opens onto its sentence and article.
    oslo = browser.find_elements(By.CSS_SELECTOR, "#meetings-list li.meeting")[2]
    oslo.find_element(By.TAG_NAME, "summary").click()
    quote = wait(browser, lambda b: oslo.find_element(By.TAG_NAME, "blockquote"))
    assert "in Oslo on Tuesday" in quote.text and "oslo-talks" in quote.text and "2025-02-13" in quote.text
    # A participant is a link to that entity.
    oslo.find_element(By.LINK_TEXT, "Jonas Pelletier").click()
    wait(browser, lambda b: shown_entity(b) == "Jonas Pelletier")
    wait(browser, lambda b: shown_meetings(b) == [("2025-02-11 · Oslo", OSLO_FOUR)])
    text = js(browser, "return document.getElementById('meetings').innerText")
    assert not NULLISH.search(text), text


def test_the_map_draws_the_world_outline_and_one_dot_per_place_where_it_is(server, browser):
    open_meetings(browser, server, VARNEBY)
    outline = js(browser, """const p = document.querySelector('#meetings-map path.land');
        const b = p.getBBox(); return [p.getAttribute('d').length, b.x, b.y, b.width, b.height];""")
    # Every continent: the whole box of longitudes, from the Arctic islands to Antarctica.
    assert outline[0] > 10000, outline
    assert outline[1] <= 1 and outline[3] >= 358 and outline[2] < 10 and outline[2] + outline[4] >= 179, outline
    dots = shown_dots(browser)
    assert set(dots) == {"Oslo", "Nairobi"}, dots  # the meeting with no place has no dot
    for place, (x, y, lat, lon, on_land) in dots.items():
        assert (x, y) == pytest.approx((lon + 180, 90 - lat), abs=0.01), place
        assert on_land, f"{place} is drawn in the sea"
    assert dots["Oslo"][2:4] == (59.91, 10.75) and dots["Nairobi"][2:4] == (-1.28, 36.82)
    # The frame holds both places, and the part of the world around them.
    box = js(browser, "return document.getElementById('meetings-map').viewBox.baseVal")
    for x, y, *_ in dots.values():
        assert box["x"] < x < box["x"] + box["width"] and box["y"] < y < box["y"] + box["height"], box
    # A dot's tooltip names the place, the date and everyone there.
    title = js(browser, "return document.querySelector('#meetings-map circle.venue[data-lat=\"59.91\"] title').textContent")
    assert title == "Oslo\n2025-02-11: " + ", ".join(OSLO_FOUR), title
    # Nothing was asked of anything but kg itself.
    urls = js(browser, "return performance.getEntriesByType('resource').map((r) => r.name)")
    assert any(u.endswith("/assets/world-land.json") for u in urls), urls
    assert all(u.startswith(server + "/") for u in urls), urls
    if os.environ.get("KG_MEETINGS_SCREENSHOT"):
        browser.save_screenshot(os.environ["KG_MEETINGS_SCREENSHOT"])


def test_the_timeline_slider_keeps_the_list_and_the_dots_to_the_time_picked(server, browser):
    open_meetings(browser, server, VARNEBY)
    slider = browser.find_element(By.ID, "meetings-time")
    assert (slider.get_attribute("min"), slider.get_attribute("max"), slider.get_attribute("value")) == ("0", "2", "2")
    when = browser.find_element(By.ID, "meetings-when")
    assert when.text == "3 of 3 meetings up to 2025-05-09"

    slider.send_keys(Keys.HOME)
    assert [m[0] for m in shown_meetings(browser)] == ["2025-02-11 · Oslo"]
    assert set(shown_dots(browser)) == {"Oslo"}
    assert when.text == "1 of 3 meetings up to 2025-02-11"

    slider.send_keys(Keys.ARROW_RIGHT)
    assert [m[0] for m in shown_meetings(browser)] == ["2025-04-16 · Nairobi", "2025-02-11 · Oslo"]
    assert set(shown_dots(browser)) == {"Oslo", "Nairobi"}

    # Within one month instead of up to it.
    Select(browser.find_element(By.ID, "meetings-mode")).select_by_value("month")
    assert [m[0] for m in shown_meetings(browser)] == ["2025-04-16 · Nairobi"]
    assert set(shown_dots(browser)) == {"Nairobi"}
    assert when.text == "1 of 3 meetings in 2025-04"

    Select(browser.find_element(By.ID, "meetings-mode")).select_by_value("upto")
    slider.send_keys(Keys.END)
    assert len(shown_meetings(browser)) == 3 and set(shown_dots(browser)) == {"Oslo", "Nairobi"}


def test_a_click_on_a_dot_marks_its_meetings_and_a_place_lists_those_held_there(server, browser):
    open_meetings(browser, server, VARNEBY)
    nairobi = browser.find_element(By.CSS_SELECTOR, "#meetings-map circle.venue[data-lat='-1.28']")
    nairobi.click()
    picked = browser.find_elements(By.CSS_SELECTOR, "#meetings-list li.meeting.picked")
    assert [li.find_element(By.CSS_SELECTOR, ".meeting-head").text for li in picked] == ["2025-04-16 · Nairobi"]
    assert "picked" in nairobi.get_attribute("class")
    nairobi.click()
    assert not browser.find_elements(By.CSS_SELECTOR, "#meetings-list li.meeting.picked")

    # A place selected lists the meetings held there, with everyone in them.
    browser.get(server + "/?entity=Oslo")
    wait(browser, lambda b: shown_entity(b) == "Oslo")
    browser.find_element(By.ID, "meetings-toggle").click()
    wait(browser, lambda b: shown_meetings(b) == [("2025-02-11 · Oslo", OSLO_FOUR)])
    assert set(shown_dots(browser)) == {"Oslo"}
