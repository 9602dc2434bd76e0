"""`make html`: a lecture notebook exports to standalone HTML with its static charts."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_lecture_exports_to_standalone_html(tmp_path):
    source = ROOT / "notebooks" / "00_start_here.ipynb"
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir",
                    str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    html = (tmp_path / "00_start_here.html").read_text(encoding="utf-8")
    assert "Lesson 00" in html
    assert html.count("data:image/png;base64") >= 2, "static charts missing from the export"
    assert "Traceback" not in html
    assert "html" in (ROOT / "Makefile").read_text() and "nbconvert --to html" in (ROOT / "Makefile").read_text()
