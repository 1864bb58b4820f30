"""Smoke test in WebKitGTK, Safari's engine: Debian's WebKitWebDriver drives MiniBrowser in
automation mode (run under xvfb-run). For each address given: the simulator loads, its simulated
clock advances, the mode switches, and the Signature lab verifies the Standard Webhooks vector.

Usage: xvfb-run -a .venv/bin/python tests/xbrowser/webkit.py URL...
"""

import glob
import sys
from contextlib import contextmanager

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

TIMEOUT_S = 30


def minibrowser():
    found = sorted(glob.glob("/usr/lib/*/webkit2gtk-4.*/MiniBrowser"))
    if not found:
        sys.exit("MiniBrowser is missing: apt-get install -y webkit2gtk-driver")
    return found[-1]


def button(driver, text):
    return driver.find_element(By.XPATH, f'//button[normalize-space()="{text}"]')


def by_test_id(driver, name):
    """Found afresh on each call, since a re-render may replace the element."""
    return driver.find_element(By.CSS_SELECTOR, f'[data-testid="{name}"]')


class StepFailed(Exception):
    pass


@contextmanager
def step(name):
    """Names the step in the error when it fails."""
    try:
        yield
    except Exception as e:
        raise StepFailed(f"{name}: {type(e).__name__} {e}".strip()) from e


def smoke(driver, url):
    wait = WebDriverWait(driver, TIMEOUT_S)
    with step("the page loads"):
        driver.get(url)
        wait.until(lambda d: d.find_elements(By.TAG_NAME, "h1"))
    with step("the simulated clock advances"):
        before = by_test_id(driver, "sim-clock").text
        wait.until(lambda d: by_test_id(d, "sim-clock").text != before)
    with step("the mode switches to Webhook"):
        driver.find_element(By.CSS_SELECTOR, 'input[name="mode"][value="webhook"]').click()
        wait.until(lambda d: "doorbell" in by_test_id(d, "mode-description").text)
    with step("the lab verifies the Standard Webhooks vector"):
        button(driver, "Signature lab").click()
        Select(driver.find_element(By.ID, "lab-example")).select_by_visible_text("Standard Webhooks published vector")
        button(driver, "Load example").click()
        wait.until(lambda d: "Loaded the" in by_test_id(d, "lab-verdict").text)
        button(driver, "Verify").click()
        wait.until(lambda d: by_test_id(d, "lab-verdict").get_attribute("data-state") == "valid")


def main(urls):
    if not urls:
        sys.exit("usage: webkit.py URL...")
    options = webdriver.WebKitGTKOptions()
    options.binary_location = minibrowser()
    options.add_argument("--automation")
    service = webdriver.WebKitGTKService(executable_path="/usr/bin/WebKitWebDriver")
    driver = webdriver.WebKitGTK(options=options, service=service)
    failed = 0
    try:
        version = "WebKitGTK " + driver.capabilities.get("browserVersion", "?")
        for url in urls:
            try:
                smoke(driver, url)
                print(f"ok     {version} {url}", flush=True)
            except StepFailed as e:
                failed += 1
                print(f"FAILED {version} {url}: {e}", file=sys.stderr, flush=True)
    finally:
        driver.quit()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
