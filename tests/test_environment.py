"""Binder (environment.yml) and pip (requirements.txt) must pin the same packages, same versions."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pip_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"requirements.txt: {line!r} is not pinned with =="
            pins[name.lower()] = version
    return pins


def conda_section() -> list[str]:
    lines = (ROOT / "environment.yml").read_text().splitlines()
    start = lines.index("dependencies:")
    return [ln.strip()[2:].strip() for ln in lines[start + 1:] if ln.strip().startswith("- ")]


def conda_pins() -> dict[str, str]:
    pins = {}
    for entry in conda_section():
        name, sep, version = entry.partition("=")
        if name in ("python", "pip"):
            continue
        assert sep and not version.startswith("="), f"environment.yml: {entry!r} is not pinned with ="
        pins[name.lower()] = version
    return pins


def test_pip_and_binder_pin_the_same_versions():
    pip, conda = pip_pins(), conda_pins()
    only_pip = sorted(set(pip) - set(conda))
    only_conda = sorted(set(conda) - set(pip))
    differ = sorted(f"{n}: pip {pip[n]} vs conda {conda[n]}" for n in set(pip) & set(conda)
                    if pip[n] != conda[n])
    assert not (only_pip or only_conda or differ), (
        f"only in requirements.txt: {only_pip}; only in environment.yml: {only_conda}; "
        f"different versions: {differ}")


def test_binder_pins_python_and_uses_conda_forge_without_local_installs():
    text = (ROOT / "environment.yml").read_text()
    assert "  - conda-forge" in text
    assert re.search(r"^\s*- python=3\.1[1-9]\s*$", text, re.M), "pin python=3.11+ (Binder defaults to 3.10)"
    assert "-e ." not in text, "a local path in the pip section defeats Binder's cache; use postBuild"
    assert "install" in (ROOT / "postBuild").read_text()


def test_pins_parse():
    assert pip_pins()["pandas"].startswith("3.")
    assert len(pip_pins()) == len(conda_pins())


def test_dev_requirements_extend_the_course_pins_exactly():
    lines = [ln.split("#")[0].strip() for ln in (ROOT / "requirements-dev.txt").read_text().splitlines()]
    lines = [ln for ln in lines if ln]
    assert "-r requirements.txt" in lines
    extra = [ln for ln in lines if not ln.startswith("-r ")]
    assert extra and all("==" in ln for ln in extra), f"unpinned dev requirements: {extra}"
    assert not {ln.split("==")[0].lower() for ln in extra} & set(pip_pins()), "pinned twice"
