"""Driving Debian's headless Chromium with selenium: start it, watch it, click in it.

Every page load is watched three ways: the DevTools performance log lists each request
the page made (so we can prove none left 127.0.0.1), a script installed before any page
script records dialogs and Content-Security-Policy violations, and selenium itself
notices a real alert box.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

CHROMIUM = os.environ.get("CONFLICTKG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CONFLICTKG_CHROMEDRIVER", "/usr/bin/chromedriver")
ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-default-apps", "--disable-extensions", "--window-size=1400,900")
LOCAL_SCHEMES = {"data", "blob", "about", "file", "chrome-error"}
WATCH = """
window.__dialogs = [];
window.__cspViolations = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = function (message) { window.__dialogs.push(name + ": " + String(message)); };
}
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).is_file() and os.access(path, os.X_OK)):
            return f"{path} is not installed (Debian packages chromium and chromium-driver)"
    return None


def start_chromium(profile: Path) -> WebDriver:
    """A headless Chromium with its own profile, logging every network request."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (*ARGS, f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    return driver


def new_profile() -> Path:
    """A throwaway profile directory (removed by :func:`remove_profile`)."""
    return Path(tempfile.mkdtemp(prefix="conflictkg-chromium-"))


def remove_profile(profile: Path) -> None:
    """Delete a profile made by :func:`new_profile`."""
    shutil.rmtree(profile, ignore_errors=True)


@dataclass
class Page:
    """A loaded page and what we watch on it."""

    driver: WebDriver

    def open(self, url: str, timeout: float = 20) -> Page:
        """Load a URL and wait until its drawing has settled (physics stopped)."""
        self.requests()  # drop what earlier pages logged
        self.driver.get(url)
        return self.wait_settled(timeout)

    def wait_settled(self, timeout: float = 20) -> Page:
        """Wait for the page to report that the layout settled."""
        self.wait_for("return document.body && document.body.dataset.settled === 'true'", timeout)
        return self

    def wait_for(self, script: str, timeout: float = 20) -> Any:
        """Poll a script until it returns something truthy."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = self.driver.execute_script(script)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for: {script}\nconsole: {self.console()}")

    def js(self, script: str, *args: Any) -> Any:
        """Run a script in the page and return its value."""
        return self.driver.execute_script(script, *args)

    def drawn_nodes(self) -> set[str]:
        """Ids of the nodes the network holds."""
        return set(self.js("return window.conflictkgNetwork.body.data.nodes.getIds()"))

    def drawn_edges(self) -> list[dict[str, Any]]:
        """The edges the network holds (id, from, to)."""
        return list(self.js("return window.conflictkgNetwork.body.data.edges.get()"
                            ".map(e => ({id: e.id, from: e.from, to: e.to}))"))

    def canvas_point(self, node_id: str) -> tuple[float, float]:
        """Where a node is drawn, in the canvas element's own pixels."""
        x, y = self.js("const n = window.conflictkgNetwork;"
                       "const p = n.canvasToDOM(n.getPositions([arguments[0]])[arguments[0]]);"
                       "return [p.x, p.y];", node_id)
        return float(x), float(y)

    def _pointer_to(self, x: float, y: float) -> ActionChains:
        canvas = self.driver.find_element(By.CSS_SELECTOR, "#graph canvas")
        width, height = canvas.size["width"], canvas.size["height"]
        return ActionChains(self.driver).move_to_element_with_offset(
            canvas, int(x - width / 2), int(y - height / 2))

    def click_at(self, x: float, y: float) -> None:
        """A real mouse click at canvas pixel (x, y)."""
        self._pointer_to(x, y).click().perform()

    def hover_at(self, x: float, y: float) -> None:
        """Move the real mouse to canvas pixel (x, y), then nudge it so the page sees it move."""
        self._pointer_to(x, y).move_by_offset(1, 1).perform()

    def click_node(self, node_id: str) -> None:
        """Click a node where it is drawn, and check the network saw that node clicked."""
        x, y = self.canvas_point(node_id)
        assert self.js("return window.conflictkgNetwork.getNodeAt({x: arguments[0], y: arguments[1]})",
                       x, y) == node_id, f"{node_id} is not the node drawn at ({x}, {y})"
        self.click_at(x, y)
        self.wait_for(f"return document.getElementById('panel').dataset.id === {json.dumps(node_id)}")

    def click_edge(self, edge_id: str) -> None:
        """Click an edge: its middle (where its label sits), else further along it. Edges
        between nodes that lie almost on one line overlap in their middles, and a click
        there may select the other one, so each point is clicked until the panel shows
        this edge."""
        edge = next(e for e in self.drawn_edges() if e["id"] == edge_id)
        (x1, y1), (x2, y2) = self.canvas_point(edge["from"]), self.canvas_point(edge["to"])
        shown = f"return document.getElementById('panel').dataset.id === {json.dumps(edge_id)}"
        for share in (0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8):
            x, y = x1 + (x2 - x1) * share, y1 + (y2 - y1) * share
            if self.js("return window.conflictkgNetwork.getNodeAt({x: arguments[0], y: arguments[1]})",
                       x, y) is not None:
                continue
            self.click_at(x, y)
            with contextlib.suppress(AssertionError):
                self.wait_for(shown, timeout=3)
                return
        raise AssertionError(f"no click along {edge_id} selects it\nconsole: {self.console()}")

    def panel(self) -> dict[str, Any]:
        """What the evidence panel shows: its text, marks, links, contexts."""
        return dict(self.js("""
            const p = document.getElementById('panel');
            return {
              text: p.textContent,
              heading: (p.querySelector('h2') || {}).textContent,
              marks: [...p.querySelectorAll('mark')].map(m => m.textContent),
              before: [...p.querySelectorAll('.context .before')].map(m => m.textContent),
              links: [...p.querySelectorAll('a')].map(a => a.getAttribute('href')),
              loaded: p.querySelectorAll('.context[data-loaded="true"]').length,
              sources: [...p.querySelectorAll('.source')].map(s => s.textContent),
            };"""))

    def _log(self, kind: str) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = self.driver.get_log(kind)  # type: ignore[no-untyped-call]  # selenium leaves it unannotated
        return entries

    def requests(self) -> list[str]:
        """URLs requested since the last call (from the DevTools performance log)."""
        urls = []
        for entry in self._log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                urls.append(message["params"]["request"]["url"])
        return urls

    def console(self) -> list[str]:
        """Console messages since the last call."""
        return [str(entry["message"]) for entry in self._log("browser")]

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the window and check that it is one."""
        assert self.driver.save_screenshot(str(path))
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000, f"{path} is not a real PNG"
        return path

    def assert_nothing_ran(self) -> None:
        """No dialog opened, the XSS sentinel is unset, no CSP violation happened."""
        try:
            alert = self.driver.switch_to.alert
            text = alert.text
            alert.dismiss()
            raise AssertionError(f"a dialog opened: {text!r}")
        except NoAlertPresentException:
            pass
        state = self.js("return {dialogs: window.__dialogs, sentinel: window.xssFired === undefined ?"
                        " null : String(window.xssFired), csp: window.__cspViolations,"
                        " images: document.images.length,"
                        " handlers: document.querySelectorAll('[onerror],[onmouseover],[onload]').length}")
        assert state == {"dialogs": [], "sentinel": None, "csp": [], "images": 0, "handlers": 0}, state


def off_host(urls: list[str], host: str = "127.0.0.1") -> list[str]:
    """The URLs that went anywhere but ``host`` (local schemes such as data: are fine)."""
    bad = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.hostname != host:
            bad.append(url)
    return bad
