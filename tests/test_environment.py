"""Binder builds from the pins CI tests: environment.yml is conda-forge Python 3.12 and pip, then
exactly requirements.txt's `name==version` lines in its pip section; repo2docker's own dry run
plans the build from environment.yml and postBuild."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REPO2DOCKER = Path(sys.executable).parent / "jupyter-repo2docker"


def pip_pins() -> list[str]:
    """requirements.txt's pins, in file order, comments removed."""
    pins = []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[A-Za-z0-9_.\-+]+", line), \
                f"requirements.txt: {line!r} is not a `name==version` pin"
            pins.append(line)
    return pins


def environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def binder_pip_section(env: dict) -> list[str]:
    sections = [dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict) and "pip" in dep]
    assert len(sections) == 1, "environment.yml needs exactly one `- pip:` section"
    return [str(line).strip() for line in sections[0]]


def test_binder_installs_python_and_pip_from_conda_forge_and_nothing_else():
    env = environment()
    assert env["channels"] == ["conda-forge"]
    conda = [dep for dep in env["dependencies"] if not isinstance(dep, dict)]
    assert conda == ["python=3.12", "pip"], (
        f"environment.yml's conda packages must be exactly python=3.12 and pip, found {conda}; "
        "every other package goes in the pip section with requirements.txt's pin")


def test_binder_pip_section_is_exactly_the_requirements_pins():
    binder, pip = binder_pip_section(environment()), pip_pins()
    assert not [ln for ln in binder if ln.startswith("-")], (
        "no `-r`/`-e` lines in environment.yml's pip section: micromamba writes it to /tmp, where a "
        "relative path is not found (mamba-org/mamba#1726, #1894), and a local path defeats caching")
    only_pip = sorted(set(pip) - set(binder))
    only_binder = sorted(set(binder) - set(pip))
    assert not (only_pip or only_binder) and len(binder) == len(pip), (
        f"only in requirements.txt: {only_pip}; only in environment.yml: {only_binder}")


def test_postbuild_installs_the_course_package():
    assert "pip install --no-deps -e ." in (ROOT / "postBuild").read_text()


def test_dev_requirements_extend_the_course_pins_exactly():
    lines = [ln.split("#")[0].strip() for ln in (ROOT / "requirements-dev.txt").read_text().splitlines()]
    lines = [ln for ln in lines if ln]
    assert "-r requirements.txt" in lines
    extra = [ln for ln in lines if not ln.startswith("-r ")]
    assert extra and all("==" in ln for ln in extra), f"unpinned dev requirements: {extra}"
    course = {pin.split("==")[0].lower() for pin in pip_pins()}
    assert not {ln.split("==")[0].lower() for ln in extra} & course, "pinned twice"


def test_repo2docker_dry_run_plans_the_binder_build():
    """`jupyter-repo2docker --no-build` (no Docker needed) prints the Dockerfile it would build."""
    plan = subprocess.run([str(REPO2DOCKER), "--no-build", "--no-run", "--debug", str(ROOT)],
                          capture_output=True, text=True, timeout=120)
    out = plan.stdout + plan.stderr
    assert plan.returncode == 0, out[-2000:]
    assert "Building conda environment for python=3.12" in out, out[:2000]
    # environment.yml alone is copied in and installed before the rest of the repository (so Binder
    # caches the environment across commits), then postBuild runs.
    assert re.search(r"COPY .*src/environment\.yml \$\{REPO_DIR\}/environment\.yml", out), out
    assert re.search(r'env update -p \$\{NB_PYTHON_PREFIX\} --file "environment\.yml"', out), out
    assert out.index("--file \"environment.yml\"") < out.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    assert "RUN ./postBuild" in out
    assert "requirements.txt" not in out, "repo2docker should ignore requirements.txt here"


def test_repo2docker_reads_the_pins_from_environment_yml():
    from repo2docker.buildpacks import CondaBuildPack

    class Here(CondaBuildPack):
        def binder_path(self, path):
            return str(ROOT / path)

    pack = Here(base_image="docker.io/library/buildpack-deps:24.04")
    assert pack.detect() and pack.python_version == "3.12"
    assert pack._should_preassemble_env, "a local path in the pip section defeats Binder's cache"
    assert sorted(binder_pip_section(dict(pack.environment_yaml))) == sorted(pip_pins())
