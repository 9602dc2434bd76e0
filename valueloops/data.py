"""The course's real data: typed, tidy tables read from the CSV files in ``datasets/``.

Every table is declared once in :data:`SCHEMAS` (column -> dtype, whether a cell may be empty,
the allowed range for shares, the allowed values of ``source_type`` and ``status``).
:func:`load` reads ``datasets/<name>.csv``, checks it against that schema and returns a typed
:class:`pandas.DataFrame`; :func:`tables` lists the tables.
Sources, units and caveats for every table and column are in ``datasets/README.md``.

Units: money in US$ millions (columns ending ``_musd``), shares as fractions in [0, 1]
(column ``share``), years as integers (calendar years, except Microsoft's fiscal year,
which ends in June).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Iterator, Literal, Mapping

import pandas as pd

__all__ = ["DATA_DIR", "SCHEMAS", "DatasetError", "load", "tables", "value"]

DATA_DIR: Path = Path(__file__).resolve().parent.parent / "datasets"
"""The folder holding the course's CSV files (``datasets/`` at the top of the repository)."""

Kind = Literal["int", "float", "str"]

_DTYPES: Mapping[Kind, str] = {"int": "int64", "float": "float64", "str": "str"}
_EXPECTED: Mapping[Kind, str] = {
    "int": "a whole number",
    "float": "a number",
    "str": "text",
}


class DatasetError(ValueError):
    """A table name that does not exist, or a CSV file that does not match its schema."""


@dataclass(frozen=True)
class Column:
    """One column of a table: its kind, whether it must be filled, an optional range or value set."""

    kind: Kind
    required: bool = True
    bounds: tuple[float, float] | None = None
    choices: frozenset[str] | None = None


@dataclass(frozen=True)
class Schema:
    """A table: a one-line description and its columns, in file order."""

    description: str
    columns: Mapping[str, Column]


def _req(kind: Kind, bounds: tuple[float, float] | None = None) -> Column:
    return Column(kind, True, bounds)


def _opt(kind: Kind) -> Column:
    return Column(kind, False)


_SHARE = (0.0, 1.0)
# Only figures seen in a source, or derived from such figures, may enter a table: a row marked
# 'unverified' (or anything else) in `status` is rejected by load().
_SOURCE_TYPE = Column("str", choices=frozenset({"primary", "secondary", "derived"}))
_STATUS = Column("str", choices=frozenset({"verified", "derived"}))
_PROVENANCE: dict[str, Column] = {
    "source": _req("str"),
    "source_type": _SOURCE_TYPE,
    "status": _STATUS,
    "notes": _opt("str"),
}

SCHEMAS: Mapping[str, Schema] = MappingProxyType(
    {
        "amazon_segments": Schema(
            "Amazon net sales and operating income by segment (North America, International, AWS, "
            "Consolidated), 2014-2025, US$ millions, SBC-allocated basis",
            {
                "year": _req("int"),
                "segment": _req("str"),
                "net_sales_musd": _req("float"),
                "operating_income_musd": _req("float"),
                "basis": _req("str"),
                **_PROVENANCE,
            },
        ),
        "amazon_revenue_lines": Schema(
            "Amazon net sales by group of products and services (online stores ... AWS, other), "
            "2014-2019 and 2021-2025, US$ millions",
            {
                "year": _req("int"),
                "line": _req("str"),
                "net_sales_musd": _req("float"),
                "classification": _req("str"),
                **_PROVENANCE,
            },
        ),
        "third_party_share": Schema(
            "Third-party sellers' share of Amazon's sales: of physical GMV (1999-2018) and of "
            "paid units (2018-2025), fraction in [0, 1]",
            {
                "metric": _req("str"),
                "period": _req("str"),
                "year": _req("int"),
                "share": _req("float", _SHARE),
                "qualifier": _req("str"),
                **_PROVENANCE,
            },
        ),
        "amazon_cash_flow": Schema(
            "Amazon operating cash flow, purchases of property and equipment, incentive proceeds, "
            "free cash flow (Amazon's definition), principal repayments of finance leases and "
            "financing obligations, and free cash flow less those repayments, 2014-2025, US$ millions",
            {
                "year": _req("int"),
                "metric": _req("str"),
                "value_musd": _req("float"),
                "basis": _req("str"),
                **_PROVENANCE,
            },
        ),
        "amazon_buildout": Schema(
            "Amazon's 2025-2026 build-out figures quoted in the lessons: new long-term debt, debt "
            "repaid and outstanding, depreciation, server useful life, the AWS backlog and the 2026 "
            "capital-spending plan, US$ millions, each with its filing",
            {
                "item": _req("str"),
                "period": _req("str"),
                "year": _req("int"),
                "value_musd": _req("float"),
                "qualifier": Column("str", choices=frozenset({"exact", "rounded", "approx"})),
                "nature": _req("str"),
                **_PROVENANCE,
            },
        ),
        "cloud_share": Schema(
            "Cloud infrastructure services market shares by provider (Synergy Research, as "
            "quoted), Q1 2020-Q1 2026, fraction in [0, 1]",
            {
                "period": _req("str"),
                "year": _req("int"),
                "quarter": _req("int", (1, 4)),
                "provider": _req("str"),
                "share": _req("float", _SHARE),
                "qualifier": _req("str"),
                **_PROVENANCE,
            },
        ),
        "peers": Schema(
            "Peers' annual figures: Google Cloud revenue and operating income, Microsoft "
            "Intelligent Cloud (June fiscal year), eBay revenue, 2019-2025, US$ millions",
            {
                "company": _req("str"),
                "segment": _req("str"),
                "metric": _req("str"),
                "fiscal_year": _req("int"),
                "fiscal_year_end": _req("str"),
                "value_musd": _req("float"),
                "basis": _req("str"),
                **_PROVENANCE,
            },
        ),
        "fee_share": Schema(
            "Estimates of the share of a seller's revenue that Amazon takes in fees, by source "
            "(ILSR, Marketplace Pulse, FTC), fraction in [0, 1] with qualifier",
            {
                "publisher": _req("str"),
                "source": _req("str"),
                "year": _req("int"),
                "period": _req("str"),
                "series": _req("str"),
                "share": _req("float", _SHARE),
                "qualifier": _req("str"),
                "denominator": _req("str"),
                "includes": _req("str"),
                "source_type": _SOURCE_TYPE,
                "status": _STATUS,
                "notes": _opt("str"),
            },
        ),
    }
)
"""Every table in ``datasets/``: name -> :class:`Schema` (the single declaration of columns)."""


KEYS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "amazon_buildout": ("item", "period"),
    "amazon_cash_flow": ("year", "metric"),
    "amazon_revenue_lines": ("year", "line"),
    "amazon_segments": ("year", "segment"),
    "cloud_share": ("period", "provider"),
    "fee_share": ("publisher", "period", "denominator"),
    "peers": ("company", "segment", "metric", "fiscal_year", "basis"),
    "third_party_share": ("metric", "period"),
})
"""The columns that identify one row of each table: a second row with the same values is refused
(a figure typed twice, perhaps with two different values)."""


def _known() -> str:
    return ", ".join(sorted(SCHEMAS))


def _schema(name: str) -> Schema:
    try:
        return SCHEMAS[name]
    except (KeyError, TypeError):
        raise DatasetError(f"unknown table {name!r}; known tables: {_known()}") from None


FORMULA_START = ("=", "+", "-", "@")
"""How a text cell may not start: a spreadsheet runs it as a formula (OWASP's CSV injection list)."""
INT64 = (-2 ** 63, 2 ** 63 - 1)
"""The whole numbers a table's integer column (int64) can hold."""


def _convert(text: str, col: Column, where: str) -> int | float | str | None:
    """Turn one cell into a Python value, or raise DatasetError saying where and what was expected."""
    cell = text.strip()
    if cell == "":
        if col.required:
            raise DatasetError(f"{where}: empty cell, expected {_EXPECTED[col.kind]}")
        return None
    if col.kind == "str":
        if col.choices is not None and cell not in col.choices:
            raise DatasetError(f"{where}: {cell!r} is not one of {', '.join(sorted(col.choices))}")
        if cell.startswith(FORMULA_START):
            raise DatasetError(f"{where}: {cell[:30]!r} starts like a spreadsheet formula ({', '.join(map(repr, FORMULA_START))}); "
                               f"text cells may not (put the text in words, or quote it with a leading ')")
        return cell
    try:
        value: int | float = int(cell) if col.kind == "int" else float(cell)
    except ValueError:
        raise DatasetError(f"{where}: {cell!r} is not {_EXPECTED[col.kind]}") from None
    if col.kind == "float" and not math.isfinite(value):
        raise DatasetError(f"{where}: {cell!r} is not a finite number")
    if col.kind == "int" and not INT64[0] <= value <= INT64[1]:
        raise DatasetError(f"{where}: {cell} is too large for a whole-number column (at most {INT64[1]})")
    if col.bounds is not None and not (col.bounds[0] <= value <= col.bounds[1]):
        low, high = col.bounds
        raise DatasetError(f"{where}: {cell} is outside the allowed range [{low:g}, {high:g}]")
    return value


def _read_rows(path: Path, schema: Schema, key: tuple[str, ...] = ()) -> dict[str, list[int | float | str | None]]:
    """Read and check a CSV file; returns column -> list of converted values.

    A UTF-8 byte-order mark (as spreadsheet programs write it) is accepted.
    """
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return _check_rows(csv.reader(handle), path, schema, key)
    except FileNotFoundError:
        raise DatasetError(f"{path}: file not found") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise DatasetError(f"{path}: not a readable UTF-8 CSV file ({error})") from None


def _check_rows(
    reader: Iterator[list[str]], path: Path, schema: Schema, key: tuple[str, ...] = ()
) -> dict[str, list[int | float | str | None]]:
    """Check the header and every record of a CSV reader (no two rows with the same ``key``);
    convert the cells."""
    expected = list(schema.columns)
    header = [h.strip() for h in next((r for r in reader if any(f.strip() for f in r)), [])]
    if not header:
        raise DatasetError(f"{path}: the file is empty (or only blank lines), expected a header line")
    doubled = sorted({h for h in header if header.count(h) > 1})
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in schema.columns]
    if doubled or missing or extra:
        parts = [
            f"{label} {', '.join(cols)}"
            for label, cols in (
                ("repeated column(s)", doubled),
                ("missing column(s)", missing),
                ("unexpected column(s)", extra),
            )
            if cols
        ]
        raise DatasetError(
            f"{path}, line 1 (header): {'; '.join(parts)}; expected columns: {', '.join(expected)}"
        )
    position = {c: header.index(c) for c in expected}
    values: dict[str, list[int | float | str | None]] = {c: [] for c in expected}
    first_seen: dict[tuple[str, ...], int] = {}
    for record in reader:
        line = reader.line_num  # type: ignore[attr-defined]  # csv reader: physical line number
        if not any(field.strip() for field in record):
            continue  # blank line
        if len(record) != len(header):
            raise DatasetError(
                f"{path}, line {line}: {len(record)} fields, expected {len(header)} "
                "(check commas and quotes)"
            )
        for column in expected:
            where = f"{path}, line {line}, column {column!r}"
            values[column].append(_convert(record[position[column]], schema.columns[column], where))
        if key:
            ident = tuple(record[position[c]].strip() for c in key)
            if ident in first_seen:
                shown = ", ".join(f"{c}={v!r}" for c, v in zip(key, ident))
                raise DatasetError(f"{path}, line {line}: duplicated row ({shown}) already on line "
                                   f"{first_seen[ident]}; each {', '.join(key)} may appear once")
            first_seen[ident] = line
    if not values[expected[0]]:
        raise DatasetError(f"{path}: has a header but no rows; a table needs at least one row of figures")
    return values


def load(name: str, *, folder: Path | None = None) -> pd.DataFrame:
    """Load one course table as a typed, tidy DataFrame.

    Parameters
    ----------
    name
        The table's name, e.g. ``"amazon_segments"``; :func:`tables` lists them all.
    folder
        Where to look for ``<name>.csv``; defaults to the repository's ``datasets/`` folder
        (tests pass a temporary folder).

    Returns
    -------
    pandas.DataFrame
        Columns in the declared order: years and quarters as ``int64``; money as ``float64`` in
        US$ millions (columns ending ``_musd``); shares as ``float64`` fractions in [0, 1];
        text as the pandas string dtype (empty optional cells are missing values). Every row
        names its source document in ``source``.

    Raises
    ------
    DatasetError
        (a ``ValueError``) if the name is unknown (the message lists the known tables) or the
        file does not match the schema (the message names the file, the line and the column).
    """
    schema = _schema(name)
    path = (DATA_DIR if folder is None else Path(folder)) / f"{name}.csv"
    values = _read_rows(path, schema, KEYS.get(name, ()))
    frame = pd.DataFrame(
        {
            column: pd.Series(values[column], dtype=_DTYPES[spec.kind])
            for column, spec in schema.columns.items()
        }
    )
    return frame


def value(name: str, column: str, **where: object) -> float:
    """One number from a table: the ``column`` of the single row matching every ``where`` filter.

    Example: ``value("amazon_segments", "net_sales_musd", segment="AWS", year=2024)`` (US$
    millions, the table's own units). Raises :class:`DatasetError` unless exactly one row matches.
    """
    frame = load(name)
    unknown = [c for c in (column, *where) if c not in frame.columns]
    if unknown:
        raise DatasetError(f"{name} has no column {', '.join(map(repr, unknown))}; its columns are "
                           f"{', '.join(frame.columns)}")
    mask = pd.Series(True, index=frame.index)
    for key, wanted in where.items():
        mask &= frame[key] == wanted
    rows = frame.loc[mask, column]
    if len(rows) != 1:
        filters = ", ".join(f"{k}={v!r}" for k, v in where.items())
        raise DatasetError(f"{name}: {len(rows)} rows match {filters}; expected exactly one")
    return float(rows.iloc[0])


def tables(*, folder: Path | None = None) -> pd.DataFrame:
    """List the course tables: columns ``table``, ``description`` and ``rows`` (number of rows).

    Loading each table also checks it, so a broken file raises :class:`DatasetError` here too.
    """
    names = sorted(SCHEMAS)
    return pd.DataFrame(
        {
            "table": pd.Series(names, dtype="str"),
            "description": pd.Series([SCHEMAS[n].description for n in names], dtype="str"),
            "rows": pd.Series([len(load(n, folder=folder)) for n in names], dtype="int64"),
        }
    )
