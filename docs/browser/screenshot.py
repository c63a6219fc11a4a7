"""Screenshot of Neo4j Browser drawing a citation chain, with headless Chromium (CDP).

Usage (a running Neo4j with documents loaded; ``apt-get install chromium``)::

    .venv/bin/python docs/browser/screenshot.py \
        "$(.venv/bin/vanban browse 9190/2019/QH14 --depth 2)" "$VANBAN_NEO4J_PASSWORD" \
        docs/browser/vanban.grass docs/img/browser-chain.png

It logs in through the connect form, stores the GraSS style in the Browser's local storage
(``neo4j.grass``), reloads the URL (whose query ``vanban browse`` put in the editor), runs it and
captures the result frame.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import websockets

PORT = 9333
_RULE = re.compile(r"([\w.]+)\s*\{((?:[^{}']|'[^']*')*)\}")


def grass_sheet(grass: str) -> dict[str, dict[str, str]]:
    """GraSS text → the style object the Browser keeps in local storage."""
    sheet: dict[str, dict[str, str]] = {}
    for selector, body in _RULE.findall(grass):
        pairs = (line.split(":", 1) for line in body.split(";") if ":" in line)
        sheet[selector] = {k.strip(): v.strip().strip("'") for k, v in pairs}
    return sheet


async def shoot(url: str, password: str, grass: str, out: Path) -> None:
    for _ in range(50):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/json") as resp:
                page = next(t for t in json.load(resp) if t["type"] == "page")
            break
        except Exception:
            time.sleep(0.3)
    async with websockets.connect(page["webSocketDebuggerUrl"], max_size=50_000_000) as ws:
        counter = 0

        async def call(method: str, **params: Any) -> dict[str, Any]:
            nonlocal counter
            counter += 1
            mine = counter
            await ws.send(json.dumps({"id": mine, "method": method, "params": params}))
            while True:
                msg = json.loads(await ws.recv())
                if msg.get("id") == mine:
                    if "error" in msg:
                        raise RuntimeError(msg["error"])
                    return dict(msg.get("result", {}))

        async def js(expr: str) -> Any:
            r = await call(
                "Runtime.evaluate", expression=expr, awaitPromise=True, returnByValue=True
            )
            return r.get("result", {}).get("value")

        async def wait_for(expr: str, timeout: float = 60) -> None:
            start = time.time()
            while time.time() - start < timeout:
                if await js(expr):
                    return
                await asyncio.sleep(0.5)
            raise TimeoutError(expr)

        await call(
            "Emulation.setDeviceMetricsOverride",
            width=1400,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        await call("Page.navigate", url=url)
        await wait_for("!!document.querySelector('[data-testid=password]')")
        login = (
            "(() => { const el = document.querySelector('[data-testid=password]');"
            " const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;"
            " set.call(el, PASSWORD); el.dispatchEvent(new Event('input', {bubbles: true}));"
            " document.querySelector('[data-testid=connect]').click(); return true; })()"
        )
        await js(login.replace("PASSWORD", json.dumps(password)))
        await wait_for(
            "!document.querySelector('[data-testid=password]')"
            " && !!document.querySelector('[data-testid=editor-Run]')"
        )
        await asyncio.sleep(3)  # let the Browser keep the credentials before the reload
        style = json.dumps(json.dumps(grass_sheet(grass)))
        await js(f"localStorage.setItem('neo4j.grass', {style}); true")
        await call("Page.navigate", url=url)
        await wait_for("!!document.querySelector('[data-testid=editor-Run]')")
        await asyncio.sleep(3)
        await js("document.querySelector('[data-testid=editor-Run]').click()")
        await asyncio.sleep(8)
        box = await js("""(() => { const r = document.querySelectorAll('article')[0]
            .getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()""")
        shot = await call(
            "Page.captureScreenshot",
            format="png",
            clip={"x": box[0], "y": box[1], "width": box[2], "height": box[3], "scale": 1},
        )
        out.write_bytes(base64.b64decode(shot["data"]))


def main() -> None:
    url, password, grass_file, out = sys.argv[1:5]
    chrome = subprocess.Popen(
        [
            "chromium",
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--remote-debugging-port={PORT}",
            "--window-size=1400,900",
            f"--user-data-dir={tempfile.mkdtemp(prefix='vanban-chrome-')}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        asyncio.run(shoot(url, password, Path(grass_file).read_text(encoding="utf-8"), Path(out)))
        print(f"saved {out}")
    finally:
        chrome.terminate()
        chrome.wait(10)


if __name__ == "__main__":
    main()
