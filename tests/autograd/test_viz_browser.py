"""The step-through page in a real headless browser: it loads cleanly and stepping highlights."""

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest

from autograd import Tensor
from autograd.viz import step_through

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
INSTALL = "apt-get install chromium chromium-driver, and pip install selenium"

webdriver = pytest.importorskip("selenium.webdriver", reason=f"needs selenium: {INSTALL}")
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip(f"needs chromium and chromedriver: {INSTALL}", allow_module_level=True)

from selenium.webdriver.chrome.service import Service  # noqa: E402  (after the skip)
from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def highlighted(driver):
    """data-id -> the highlight classes of every node and edge."""
    marks = ("current", "arrived", "flow", "has-grad", "meet")
    found = {}
    for element in driver.find_elements(By.CSS_SELECTOR, "[data-id]"):
        classes = set(element.get_attribute("class").split())
        found[element.get_attribute("data-id")] = classes & set(marks)
    return found


@pytest.mark.parametrize("layout", ["simple", "dot"])
def test_the_page_loads_cleanly_and_stepping_changes_the_highlight(browser, tmp_path, layout):
    if layout == "dot" and shutil.which("dot") is None:
        pytest.skip("the dot layout needs Graphviz: apt-get install graphviz")
    x = Tensor(np.array([0.5, -1.0]), requires_grad=True)
    h = x.tanh()
    steps = step_through((h * h + h).sum(), layout=layout)
    page = steps.save_html(tmp_path / "steps.html")
    browser.get(page.as_uri())
    drawn = browser.find_element(By.CSS_SELECTOR, ".graph svg").get_attribute("class") or ""
    assert ("own" in drawn) == (layout == "simple")
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    start = highlighted(browser)
    assert start[steps.graph.node_id(steps.graph.ops[-1])] == {"arrived", "has-grad"}
    seen = [start]
    for number, step in enumerate(steps.steps, start=1):
        browser.find_element(By.CSS_SELECTOR, "button.next").click()
        now = highlighted(browser)
        assert now != seen[-1]
        running = [node for node, marks in now.items() if "current" in marks]
        assert running == [f"op{steps.graph.op_index[step.ctx]}"]
        meeting = {node for node, marks in now.items() if "meet" in marks}
        assert meeting == {steps.graph.node_id(m.target) for m in step.meetings}
        text = browser.find_element(By.CSS_SELECTOR, "pre.text").text
        assert text.startswith(f"step {number} of {len(steps.steps)}")
        seen.append(now)
    assert any("meet" in marks for frame in seen for marks in frame.values())
    # the slider jumps back to the start
    slider = browser.find_element(By.CSS_SELECTOR, "input.slider")
    browser.execute_script(
        "arguments[0].value = 0; arguments[0].dispatchEvent(new Event('input'))", slider
    )
    assert highlighted(browser) == start
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
