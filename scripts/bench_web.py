"""Times kg serve's web page in headless Chromium: the page load, and drawing the
neighbourhood of one entity (search → neighbours fetched → drawn and laid out).

    python3 scripts/bench_web.py http://127.0.0.1:PORT ENTITY
"""

import shutil
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

base, entity = sys.argv[1], sys.argv[2]
options = webdriver.ChromeOptions()
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,900"):
    options.add_argument(flag)
options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
try:
    loads, draws = [], []
    for _ in range(5):
        driver.get(base + "/")
        loads.append(driver.execute_script(
            "const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd - t.startTime;"))
        start = time.perf_counter()
        driver.get(base + "/?entity=" + entity)
        # Drawn: nodes are in the graph and the layout has run (the view is fitted).
        while driver.execute_script("return kgGraph.nodes().length") < 2:
            time.sleep(0.01)
        draws.append((time.perf_counter() - start) * 1000)
        nodes = driver.execute_script("return kgGraph.nodes().length")
    loads.sort()
    draws.sort()
    print(f"page load: median {loads[2]:.0f} ms (of 5: {', '.join(f'{x:.0f}' for x in loads)})")
    print(f"neighbourhood of {entity}, {nodes} nodes: median {draws[2]:.0f} ms from navigation to drawn "
          f"(of 5: {', '.join(f'{x:.0f}' for x in draws)})")
finally:
    driver.quit()
