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
