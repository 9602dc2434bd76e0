"""data.load and data.value against the files people actually produce (issue 12).

A CSV saved by a spreadsheet program (UTF-8 with a byte-order mark), a figure typed twice, a column
name misspelt in ``value``: each gets a message naming the file and line, or the columns there are.
"""

import re
import shutil
from pathlib import Path

import pytest

from valueloops import data
from valueloops.data import DATA_DIR, KEYS, SCHEMAS, DatasetError, load


def _copy(tmp_path: Path, name: str) -> Path:
    shutil.copyfile(DATA_DIR / f"{name}.csv", tmp_path / f"{name}.csv")
    return tmp_path / f"{name}.csv"


def test_every_table_declares_its_key_and_has_no_duplicated_rows():
    assert set(KEYS) == set(SCHEMAS)
    for name, key in KEYS.items():
        assert set(key) <= set(SCHEMAS[name].columns), name
        assert not load(name).duplicated(list(key)).any(), name


def test_a_csv_with_a_byte_order_mark_loads_like_the_original(tmp_path):
    path = _copy(tmp_path, "amazon_segments")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # as Excel's "CSV UTF-8" saves it
    assert load("amazon_segments", folder=tmp_path).equals(load("amazon_segments"))


def test_a_duplicated_row_is_refused_with_file_and_both_lines(tmp_path):
    path = _copy(tmp_path, "amazon_segments")
    lines = path.read_text(encoding="utf-8").splitlines()
    doubled = lines[:6] + [lines[2]] + lines[6:]  # line 3 again, as line 7
    path.write_text("\n".join(doubled) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load("amazon_segments", folder=tmp_path)
    message = str(caught.value)
    assert re.search(r"amazon_segments\.csv, line 7: duplicated row \(year='2014', "
                     r"segment='International'\) already on line 3", message), message


def test_value_names_the_columns_a_table_has():
    with pytest.raises(DatasetError) as caught:
        data.value("amazon_segments", "unknown", segment="AWS", year=2024)
    message = str(caught.value)
    assert "no column 'unknown'" in message and "net_sales_musd" in message and "segment" in message
    with pytest.raises(DatasetError, match="no column 'sector'"):
        data.value("amazon_segments", "net_sales_musd", sector="AWS", year=2024)


# --- issue 23: the last raw or silent cases of data.load --------------------------------------------
def _edit(tmp_path, change):
    path = _copy(tmp_path, "amazon_segments")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(change(lines)) + "\n", encoding="utf-8")


def test_blank_lines_before_the_header_are_skipped(tmp_path):
    _edit(tmp_path, lambda lines: ["", "  ", ""] + lines)
    assert load("amazon_segments", folder=tmp_path).equals(load("amazon_segments"))


@pytest.mark.parametrize("change, fragment", [
    (lambda lines: [lines[0]], "has a header but no rows"),
    (lambda lines: ["", ""], "the file is empty (or only blank lines)"),
    (lambda lines: [lines[0], lines[1].replace(lines[1].split(",")[0], "99999999999999999999", 1)] + lines[2:],
     "too large for a whole-number column"),
    (lambda lines: [lines[0], lines[1].replace("AWS", "=HYPERLINK(\"http://x\")", 1)
                    if "AWS" in lines[1] else lines[1].replace(",North America,", ",=1+2,", 1)] + lines[2:],
     "starts like a spreadsheet formula"),
])
def test_each_load_fault_of_issue_23_is_a_named_error(tmp_path, change, fragment):
    _edit(tmp_path, change)
    with pytest.raises(DatasetError, match=re.escape(fragment)):
        load("amazon_segments", folder=tmp_path)
