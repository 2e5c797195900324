"""Reading a report PDF the way a person looks at it: the text of each page (pdfium's
extraction, one table row per line) and the picture of each page, cut to the area
between a panel's title and its table, which is where the chart must be drawn.

Shared by the report tests and the browser test (which renders the PDF it downloaded).
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
from PIL import Image

MAIN = (0x0B, 0x6E, 0x4F)  # charts.MAIN: bars, the trend line
SECOND = (0x9F, 0xD8, 0xC0)  # charts.SECOND: the rest of a stacked bar
TARGET = (0xB4, 0x4D, 0x12)  # charts.TARGET: a target mark


@dataclass
class Page:
    text: str
    image: Image.Image
    scale: float
    # (text, top y in image pixels) for every line of the page, top to bottom
    lines: list[tuple[str, float]]

    def y_of(self, wanted: str, *, below: float = -1) -> float | None:
        """Top of the first line below ``below`` that starts with ``wanted``."""
        for line, y in self.lines:
            if y > below and line.startswith(wanted):
                return y
        return None

    def chart_area(self, title: str, first_column: str) -> Image.Image | None:
        """The picture between the line starting with ``title`` and the table header
        starting with ``first_column`` under it (None when the title is not here)."""
        top = self.y_of(title)
        if top is None:
            return None
        bottom = self.y_of(first_column, below=top + 1)
        assert bottom is not None, f"no table under {title!r}"
        return self.image.crop((0, int(top) + 1, self.image.width, int(bottom)))


def read_pdf(content: bytes, *, scale: float = 1.5) -> list[Page]:
    pdf = pdfium.PdfDocument(content)
    try:
        pages = []
        for page in pdf:
            height = page.get_height()
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            lines, offset = [], 0
            for raw in text.split("\r\n"):
                if raw.strip():
                    box = textpage.get_charbox(offset + len(raw) - len(raw.lstrip()))
                    lines.append((" ".join(raw.split()), (height - box[3]) * scale))
                offset += len(raw) + 2
            image = page.render(scale=scale).to_pil().convert("RGB")
            pages.append(Page(text=text, image=image, scale=scale, lines=lines))
        return pages
    finally:
        pdf.close()


def pixels(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 12) -> int:
    """How many of the image's pixels are within ``tolerance`` of ``colour``."""
    return sum(
        count
        for count, pixel in image.getcolors(maxcolors=image.width * image.height)
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))
    )
