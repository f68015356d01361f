"""Where a PDF page's words sit across the page (pdftotext -bbox), in PDF points from the page's left edge."""
import re
import subprocess
from pathlib import Path


def words(pdf: Path | str, page: int = 1) -> list[tuple[float, float, str]]:
    """(left edge, right edge, text) of each word on `page` (1-based), in reading order."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    found = [(float(a), float(b), t) for a, b, t in
             re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)]
    assert found, f"no words on page {page} of {pdf}"
    return found
