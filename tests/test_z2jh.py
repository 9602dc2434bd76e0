"""The Zero to JupyterHub recipe (instructors/z2jh/config.yaml): it parses, every key it sets is
declared in the chart's published values schema (vendored excerpt beside it), its default URL is
the course's nbgitpuller query, and its memory guarantee covers the benchmark's measurements."""

import csv
import re
from pathlib import Path

import pytest
import yaml

from valueloops.course import nbgitpuller_query

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "instructors" / "z2jh"
CONFIG = HERE / "config.yaml"
SCHEMA = HERE / "values.schema.excerpt.yaml"
BENCH = ROOT / "results" / "bench"
JSON_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int,
              "number": (int, float), "null": type(None)}


def config() -> dict:
    return yaml.safe_load(CONFIG.read_text())


def undeclared(values, schema: dict, path: str = "") -> list[str]:
    """Keys and values of ``values`` the schema does not declare, as dotted paths with the reason."""
    problems = []
    types = schema.get("type")
    if types is not None:
        allowed = tuple(JSON_TYPES[t] for t in ([types] if isinstance(types, str) else types))
        if not isinstance(values, allowed) or (isinstance(values, bool) and bool not in allowed):
            problems.append(f"{path or '(top)'}: {values!r} is not of type {types}")
    if "enum" in schema and values not in schema["enum"]:
        problems.append(f"{path}: {values!r} not one of {schema['enum']}")
    if isinstance(values, dict):
        for key, value in values.items():
            where = f"{path}.{key}" if path else key
            if key in schema.get("properties", {}):
                problems += undeclared(value, schema["properties"][key], where)
            elif schema.get("additionalProperties") is False:
                problems.append(f"{where}: not declared in the chart's values schema")
    return problems


def megabytes(quantity: str | int) -> float:
    """A KubeSpawner byte quantity (K, M, G, T are powers of 1024) in MB (10^6 bytes)."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]?)", str(quantity))
    assert match, f"memory quantity {quantity!r} is not a number with an optional K/M/G/T suffix"
    return float(match.group(1)) * 1024 ** " KMGT".index(match.group(2) or " ") / 1e6


def test_config_parses_and_names_the_chart_version_of_the_vendored_schema():
    assert isinstance(config(), dict)
    named = re.search(r"chart: jupyterhub .*version (\d+\.\d+\.\d+)", CONFIG.read_text())
    assert named, "config.yaml must name the chart version it is written for"
    assert f"names {named.group(1)} (" in SCHEMA.read_text(), "the vendored schema is for another version"
    assert "--version " + named.group(1) in CONFIG.read_text()


def test_every_key_is_declared_in_the_charts_values_schema():
    assert not undeclared(config(), yaml.safe_load(SCHEMA.read_text()))


@pytest.mark.parametrize("bad", [{"singleuser": {"memory": {"request": "1G"}}},
                                 {"singleuser": {"defaultURL": "/lab"}},
                                 {"cull": {"enabled": "yes"}},
                                 {"hub": {"image": {}}}])
def test_the_schema_check_catches_wrong_keys_and_types(bad):
    assert undeclared(bad, yaml.safe_load(SCHEMA.read_text()))


def test_default_url_is_the_course_nbgitpuller_query():
    assert config()["singleuser"]["defaultUrl"] == "/git-pull?" + nbgitpuller_query()


def test_idle_culler_is_on():
    cull = config()["cull"]
    assert cull["enabled"] is True and 0 < cull["every"] <= cull["timeout"]


def test_memory_guarantee_covers_the_benchmarks_measurements():
    memory = config()["singleuser"]["memory"]
    guarantee, limit = megabytes(memory["guarantee"]), megabytes(memory["limit"])
    assert limit >= guarantee
    with open(BENCH / "results.csv") as f:
        peaks = [float(row[10]) for row in csv.reader(f) if row and row[0] == "notebook" and row[10]]
    assert peaks, "results/bench/results.csv has no notebook memory: run `make bench`"
    assert guarantee >= 2 * max(peaks), (
        f"a {guarantee:.0f} MB guarantee is less than twice the largest kernel peak ({max(peaks):.0f} MB)")
    hub = BENCH / "hub_load.md"
    if hub.exists():
        per_student = re.search(r"\| hub total memory per student \(MB, unique, after\) \| (\d+)",
                                hub.read_text())
        assert per_student and guarantee >= float(per_student.group(1)), (
            "the guarantee is below one student's measured server + kernel memory (hub_load.md)")
