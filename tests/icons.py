"""The PNG icons of the installed site (docs/assets/icons/), drawn from docs/assets/favicon.svg by
Chromium: `make icons` after editing the favicon (tests/test_browser_offline.py fails while
they differ from it).

    icon-192.png, icon-512.png   the favicon as it is (Chrome asks a web app for both sizes)
    maskable-512.png             full bleed, the drawing inside the middle 80 % circle that
                                 Android keeps whatever shape it crops an icon to
    apple-touch-icon.png         180 px, square (iOS rounds the corners itself, and would show
                                 the favicon's transparent corners black)
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAVICON = ROOT / "docs" / "assets" / "favicon.svg"
FOLDER = ROOT / "docs" / "assets" / "icons"

VARIANTS = {
    "icon-192.png": {"size": 192, "square": False, "scale": 1},
    "icon-512.png": {"size": 512, "square": False, "scale": 1},
    "maskable-512.png": {"size": 512, "square": True, "scale": 0.8},
    "apple-touch-icon.png": {"size": 180, "square": True, "scale": 1},
}

# The favicon drawn at `size` px: with square corners (`square`), its drawing scaled about the
# middle (`scale`), on a canvas.
CANVAS = """async ({ svg, size, square, scale }) => {
  const root = new DOMParser().parseFromString(svg, "image/svg+xml").documentElement;
  if (square) root.querySelector("rect").setAttribute("rx", "0");
  const [x, y, w, h] = root.getAttribute("viewBox").split(/\\s+/).map(Number);
  if (scale !== 1) for (const path of root.querySelectorAll("path"))
    path.setAttribute("transform", `translate(${x + w / 2} ${y + h / 2}) scale(${scale}) translate(${-x - w / 2} ${-y - h / 2})`);
  const image = new Image();
  image.src = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(root)], { type: "image/svg+xml" }));
  await image.decode();
  const canvas = Object.assign(document.createElement("canvas"), { width: size, height: size });
  canvas.getContext("2d").drawImage(image, 0, 0, size, size);
  return canvas;
}"""

DRAW = f"""async (icon) => ({CANVAS})(icon).then((canvas) => canvas.toDataURL("image/png"))"""
"""The icon drawn, as a PNG data URL."""

COMPARE = f"""async ({{ png, ...icon }}) => {{
  const fresh = (await ({CANVAS})(icon)).getContext("2d").getImageData(0, 0, icon.size, icon.size).data;
  const image = new Image();
  image.src = png;
  await image.decode();
  const canvas = Object.assign(document.createElement("canvas"), {{ width: image.width, height: image.height }});
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const saved = context.getImageData(0, 0, image.width, image.height).data;
  let most = 0, sum = 0;
  for (let i = 0; i < fresh.length; i++) {{ const d = Math.abs(fresh[i] - (saved[i] ?? 0)); most = Math.max(most, d); sum += d; }}
  return {{ width: image.width, height: image.height, most, mean: sum / fresh.length }};
}}"""
"""A saved PNG beside the icon drawn now, channel by channel (RGBA), compared in the browser:
its size, and the largest and the mean difference."""


def draw(page, name: str) -> bytes:
    """The icon `name` drawn now from the favicon, as PNG bytes."""
    drawn = page.evaluate(DRAW, {"svg": FAVICON.read_text(encoding="utf-8"), **VARIANTS[name]})
    return base64.b64decode(drawn.split(",", 1)[1])


def compare(page, name: str, png: bytes) -> dict:
    """How far a PNG's pixels are from the icon `name` drawn now: width, height, most, mean."""
    return page.evaluate(COMPARE, {"png": "data:image/png;base64," + base64.b64encode(png).decode(),
                                   "svg": FAVICON.read_text(encoding="utf-8"), **VARIANTS[name]})


def main() -> int:
    import os
    import shutil

    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("make icons needs Chromium (Debian's chromium, or CHROMIUM=/path/to/chromium)", file=sys.stderr)
        return 1
    FOLDER.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        page = browser.new_page()
        for name in VARIANTS:
            (FOLDER / name).write_bytes(draw(page, name))
            print(f"{(FOLDER / name).relative_to(ROOT)}: {VARIANTS[name]['size']} px")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
