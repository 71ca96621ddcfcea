"""The search box's Articles mode (issue 26): full-text search of the articles on the web page,
in headless Chromium on a store of invented articles.

The box is switched from Entities to Articles, a phrase is searched, and the page must list
the hits (rank, date, title, a source link only for an http(s) url) with the words found
marked in the snippet (<mark>, at the right characters even after an emoji), show a hit's
best sentences on a click, keep article text as text (markup in an article is not run),
say when nothing matches, show the server's message for a query that does not parse, and
print no "null" or "undefined". Every article here is made up for the project.
"""

import json
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_web import KG
from serving import run, serve

NULLISH = re.compile(r"\b(null|undefined|NaN)\b")

ARTICLES = [
    {"id": "tunnel-1", "date": "2025-03-04", "title": "Ferry town votes on the harbour tunnel",
     "url": "https://example.org/news/tunnel-1",
     "text": "🌊 Lindholm — Councillors in Lindholm voted on Monday to fund the harbour tunnel under the bay. "
             "Mayor Ilse Varga met Tomas Riedl, the engineer, in Lindholm on Monday. "
             "The harbour tunnel will take six years to dig, the council said."},
    {"id": "tunnel-2", "date": "2025-03-09", "title": "Fishers object to dredging",
     "url": "javascript:alert(1)",
     "text": "Fishers in Lindholm said the dredging for a tunnel would empty the harbour of cod. "
             "Ilse Varga spoke with the fishers' guild on Saturday."},
    {"id": "markup-1", "title": "A page with markup in its text",
     "text": "The guild posted <img src=x onerror=\"document.title='pwned'\"> on its board about the orchard fair. "
             "Nobody came to the orchard fair."},
]


def kg(db, *args):
    return run(KG, db, *args)


@pytest.fixture(scope="module")
def server():
    work = tempfile.mkdtemp()
    db = os.path.join(work, "kg.sled")
    articles = os.path.join(work, "town.jsonl")
    with open(articles, "w") as f:
        for row in ARTICLES:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    kg(db, "--quiet", "ingest", articles)
    with serve(KG, db) as address:
        yield address
    shutil.rmtree(work)


def search_api(base, q):
    """The API's answer to `q`: (status, body)."""
    try:
        with urllib.request.urlopen(base + "/api/search?" + urllib.parse.urlencode({"q": q})) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def wait(browser, condition, timeout=15):
    return WebDriverWait(browser, timeout).until(condition)


def search_articles(browser, query):
    """Types `query` in the box in Articles mode and presses Enter; waits for the panel to answer."""
    box = browser.find_element(By.ID, "search")
    box.clear()
    before = browser.find_elements(By.CSS_SELECTOR, "#evidence > *")
    box.send_keys(query, Keys.ENTER)
    # What the panel held goes first (the last search's hits), so as not to read it as the answer.
    if before:
        wait(browser, EC.staleness_of(before[0]))
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#evidence .hit, #evidence .search-empty, #evidence .search-error"))


def marks(element):
    return [m.text for m in element.find_elements(By.TAG_NAME, "mark")]


def no_null(browser):
    text = browser.execute_script("return document.body.innerText")
    assert not NULLISH.search(text), NULLISH.search(text).group(0) + " in: " + text


def highlighted(span):
    """The words the API marks in a snippet or sentence, cut by Unicode scalar as it counts."""
    return [span["text"][start:end] for start, end in span["highlights"]]


def test_a_phrase_searched_in_articles_mode_lists_its_hits_with_the_words_marked(server, browser):
    browser.get(server + "/")
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#relation-filters input"))
    Select(browser.find_element(By.ID, "search-mode")).select_by_visible_text("Articles")
    assert "article" in browser.find_element(By.ID, "search").get_attribute("placeholder").lower()
    search_articles(browser, '"harbour tunnel"')

    hits = browser.find_elements(By.CSS_SELECTOR, "#evidence .hit")
    answer = search_api(server, '"harbour tunnel"')[1]["hits"]
    assert [h.get_attribute("data-id") for h in hits] == [h["id"] for h in answer] == ["tunnel-1"]
    hit = hits[0]
    assert hit.find_element(By.CSS_SELECTOR, ".hit-title").text == "Ferry town votes on the harbour tunnel"
    assert hit.text.startswith("1.")
    assert "2025-03-04" in hit.text
    # The snippet marks what the API marks, at the same characters (an emoji leads the text).
    snippet = hit.find_element(By.CSS_SELECTOR, ".snippet")
    assert [w.lower() for w in marks(snippet)] == [w.lower() for w in highlighted(answer[0]["snippet"])]
    assert {w.lower() for w in marks(snippet)} == {"harbour", "tunnel"}
    link = hit.find_element(By.CSS_SELECTOR, "a.article-link")
    assert link.get_attribute("href") == "https://example.org/news/tunnel-1"

    # A click shows its best sentences, the words marked there too.
    sentences = hit.find_element(By.CSS_SELECTOR, ".hit-sentences")
    assert not sentences.is_displayed()
    hit.find_element(By.CSS_SELECTOR, ".snippet").click()
    wait(browser, lambda b: sentences.is_displayed())
    quotes = sentences.find_elements(By.TAG_NAME, "blockquote")
    assert len(quotes) == len(answer[0]["sentences"]) >= 1
    assert "harbour tunnel" in quotes[0].text
    assert {w.lower() for w in marks(quotes[0])} == {"harbour", "tunnel"}
    no_null(browser)


def test_words_find_several_articles_ranked_and_only_http_urls_are_links(server, browser):
    search_articles(browser, "tunnel Lindholm")
    hits = browser.find_elements(By.CSS_SELECTOR, "#evidence .hit")
    assert sorted(h.get_attribute("data-id") for h in hits) == ["tunnel-1", "tunnel-2"]
    assert [h.text.split(".", 1)[0] for h in hits] == ["1", "2"]
    dredging = next(h for h in hits if h.get_attribute("data-id") == "tunnel-2")
    assert not dredging.find_elements(By.TAG_NAME, "a"), "a javascript: url must not become a link"
    no_null(browser)


def test_markup_in_an_article_is_shown_as_text_and_an_undated_hit_says_so(server, browser):
    search_articles(browser, "orchard")
    hit = browser.find_element(By.CSS_SELECTOR, "#evidence .hit")
    assert hit.get_attribute("data-id") == "markup-1"
    assert "undated" in hit.text
    assert not browser.find_elements(By.CSS_SELECTOR, "#evidence img")
    assert "pwned" not in browser.title
    # The stored text keeps its markup; the page shows it literally, and marks what follows it right.
    snippet = hit.find_element(By.CSS_SELECTOR, ".snippet")
    assert "<img src=x onerror=" in snippet.text
    assert marks(snippet) == ["orchard", "orchard"]
    no_null(browser)


def test_a_query_with_no_hits_says_so(server, browser):
    search_articles(browser, "zeppelin")
    panel = browser.find_element(By.ID, "evidence")
    assert panel.find_element(By.CSS_SELECTOR, ".search-empty").text == "No article matches “zeppelin”."
    assert not panel.find_elements(By.CSS_SELECTOR, ".hit")
    no_null(browser)


def test_a_query_that_does_not_parse_shows_the_servers_message(server, browser):
    status, body = search_api(server, '"harbour tunnel')
    assert status == 400, body
    search_articles(browser, '"harbour tunnel')
    shown = browser.find_element(By.CSS_SELECTOR, "#evidence .search-error").text
    assert shown == body["error"] and "does not parse" in shown
    no_null(browser)


def test_back_in_entities_mode_the_box_suggests_entities_again(server, browser):
    Select(browser.find_element(By.ID, "search-mode")).select_by_visible_text("Entities")
    box = browser.find_element(By.ID, "search")
    box.clear()
    box.send_keys("Varga")
    wait(browser, lambda b: "Ilse Varga" in b.execute_script(
        "return [...document.querySelectorAll('#suggestions li')].map(li => li.textContent).join('|')"))
    box.send_keys(Keys.ENTER)
    wait(browser, lambda b: b.execute_script("const h = document.querySelector('#evidence h3'); return h && h.textContent") == "Ilse Varga")
    no_null(browser)
