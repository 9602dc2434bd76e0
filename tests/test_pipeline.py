"""The exercise pipeline: solutions -> exercises, and the checks that make exercises worth doing.

a. exercises/ is byte-identical to a fresh generation (no drift);
b. nothing between solution markers appears in exercises/ (no leak);
c. every solution passes `pytest --nbval-lax` (run by `make test` over solutions/);
d. on the generated blank exercise every check cell fails, with "not answered";
e. for every check, the plausible wrong answers it declares fail with their specific hints.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from valueloops import pipeline
from valueloops.checks import (CORRECT, NOT_ANSWERED, Choice, Function, Number, Plot, all_specs,
                               lesson_specs)

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = pipeline.solution_notebooks()
CHECK_CELL = re.compile(r"""^check\(\s*["'](\d\d\.\d+)["']\s*,\s*[A-Za-z_][A-Za-z0-9_]*\s*\)$""")


def lesson_id(path: Path) -> str:
    return path.name[:2]


def check_ids(nb) -> list[str]:
    return [m.group(1) for c in nb.cells if c.cell_type == "code"
            for m in [CHECK_CELL.match(c.source.strip())] if m]


# --- a. no drift ------------------------------------------------------------------------------
def test_exercises_are_a_fresh_generation(tmp_path):
    result = pipeline.generate(solutions=pipeline.SOLUTIONS, exercises=tmp_path)
    fresh = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in pipeline.EXERCISES.iterdir())
    assert committed == fresh, "run `make exercises` and commit exercises/"
    stale = [name for name in fresh
             if (tmp_path / name).read_bytes() != (pipeline.EXERCISES / name).read_bytes()]
    assert not stale, f"exercises/ out of date for {stale}: run `make exercises`"
    assert result.written and not result.refused


def test_every_lesson_has_lecture_solution_and_exercise():
    for solution in SOLUTIONS:
        assert (pipeline.NOTEBOOKS / solution.name).exists(), f"no lecture notebooks/{solution.name}"
        assert (pipeline.EXERCISES / solution.name).exists(), f"no exercises/{solution.name}"
    lectures = {p.name for p in pipeline.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    assert lectures == {s.name for s in SOLUTIONS}


# --- b. no leak -------------------------------------------------------------------------------
def solution_regions(source: str) -> list[str]:
    return re.findall(rf"{pipeline.BEGIN}\n(.*?)\n\s*{pipeline.END}", source, re.S)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lesson_id)
def test_no_solution_text_leaks_into_the_exercise(solution):
    nb = nbformat.read(solution, as_version=4)
    exercise_text = (pipeline.EXERCISES / solution.name).read_text()
    outside = "\n".join(re.sub(rf"{pipeline.BEGIN}.*?{pipeline.END}", "", c.source, flags=re.S)
                        for c in nb.cells)
    leaked = []
    for cell in nb.cells:
        for region in solution_regions(cell.source):
            for line in region.splitlines():
                line = line.strip()
                if len(line) >= 6 and line not in outside and line in exercise_text:
                    leaked.append(line)
    assert not leaked, f"solution lines in exercises/{solution.name}: {leaked[:3]}"
    assert pipeline.BEGIN not in exercise_text and pipeline.END not in exercise_text


# --- the check cells and the registry agree ----------------------------------------------------
@pytest.mark.parametrize("solution", SOLUTIONS, ids=lesson_id)
def test_check_cells_match_the_registry(solution):
    nb = nbformat.read(solution, as_version=4)
    ids = check_ids(nb)
    assert len(ids) == len(set(ids)), f"an exercise is checked twice in {solution.name}: {ids}"
    assert sorted(ids) == sorted(lesson_specs(lesson_id(solution))), (
        f"{solution.name} checks {sorted(ids)}, the registry has {sorted(lesson_specs(lesson_id(solution)))}")
    assert all(i.startswith(lesson_id(solution) + ".") for i in ids)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lesson_id)
def test_every_answer_cell_is_followed_by_its_check(solution):
    nb = nbformat.read(solution, as_version=4)
    for i, cell in enumerate(nb.cells):
        if CHECK_CELL.match(cell.source.strip()):
            previous = nb.cells[i - 1]
            assert previous.cell_type == "code" and pipeline.BEGIN in previous.source, (
                f"{solution.name} cell {i + 1}: a check cell must follow the answer cell it checks")


# --- d. blank exercises fail every check --------------------------------------------------------
def run_notebook(path: Path):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lesson_id)
def test_every_check_fails_on_the_blank_exercise(solution):
    nb = run_notebook(pipeline.EXERCISES / solution.name)
    results = {}
    for cell in nb.cells:
        match = CHECK_CELL.match(cell.source.strip()) if cell.cell_type == "code" else None
        if match:
            errors = [o for o in cell.outputs if o.output_type == "error"]
            results[match.group(1)] = (errors[0].ename, errors[0].evalue) if errors else None
    assert results, f"no check cells in exercises/{solution.name}"
    passing = [k for k, v in results.items() if v is None]
    assert not passing, f"check cells pass on the blank exercise: {passing}"
    not_blank = {k: v for k, v in results.items()
                 if v[0] != "CheckFailed" or NOT_ANSWERED not in v[1]}
    assert not not_blank, f"blank answers should say 'not answered': {not_blank}"


# --- Run All runs all: strict under the grader and tests, one red line in a student's session ------
def test_run_all_runs_all_in_a_students_session(monkeypatch):
    """Without VALUELOOPS_STRICT and outside pytest, a blank check shows its red line and the
    notebook goes on: no error output, every check cell shows 'not answered', the last cell ran."""
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)  # the kernel inherits this environment
    monkeypatch.delenv("VALUELOOPS_STRICT", raising=False)
    nb = run_notebook(pipeline.EXERCISES / "00_start_here.ipynb")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    checks = [c for c in code if CHECK_CELL.match(c.source.strip())]
    assert checks and all(c.execution_count for c in code)
    for cell in checks:
        html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
        assert "valueloops-check-failed" in html and NOT_ANSWERED in html, cell.source


def test_a_blank_check_fails_the_cell_when_strict(monkeypatch):
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    monkeypatch.setenv("VALUELOOPS_STRICT", "1")
    nb = run_notebook(pipeline.EXERCISES / "00_start_here.ipynb")
    checks = [c for c in nb.cells if c.cell_type == "code" and CHECK_CELL.match(c.source.strip())]
    errors = [o for c in checks for o in c.outputs if o.output_type == "error"]
    assert len(errors) == len(checks) and all(e.ename == "CheckFailed" for e in errors)


# --- e. plausible wrong answers get their hints --------------------------------------------------
SPECS = sorted(all_specs().items())


@pytest.mark.parametrize("exercise, spec", SPECS, ids=[k for k, _ in SPECS])
def test_declared_mistakes_get_their_specific_hints(exercise, spec):
    wrong = list(spec.wrong_answers())
    assert wrong, f"{exercise}: declares no plausible wrong answer"
    for answer, fragment in wrong:
        feedback = spec.evaluate(exercise, answer)
        assert feedback.status != CORRECT, f"{exercise}: {answer!r} passes but should not"
        assert fragment in feedback.message, (
            f"{exercise}: {answer!r} gave {feedback.message!r}, expected the hint {fragment!r}")


@pytest.mark.parametrize("exercise, spec", SPECS, ids=[k for k, _ in SPECS])
def test_every_check_has_a_hint_written_for_a_specific_mistake(exercise, spec):
    if isinstance(spec, Number):
        assert spec.hints or spec.share, f"{exercise}: add a Hint for a plausible mistake"
    elif isinstance(spec, Choice):
        missing = set(spec.options) - {spec.correct} - set(spec.hints)
        assert not missing, f"{exercise}: wrong options without a hint: {sorted(missing)}"
    elif isinstance(spec, Function):
        assert spec.mistakes, f"{exercise}: add a plausible wrong implementation with its hint"
    elif isinstance(spec, Plot):
        assert spec.hints or spec.share or spec.percent, (
            f"{exercise}: add a SeriesHint for a column a student may plot by mistake")
    assert spec.evaluate(exercise, spec.blank_answer()).status == NOT_ANSWERED


# --- the generator itself ------------------------------------------------------------------------
def test_a_plot_solution_leaves_its_axes_blank():
    """A plot exercise's region (``ax = ...`` and calls on it) becomes ``ax = ...``, which its check
    calls not answered; a region of calls only still becomes the code stub."""
    src = "### BEGIN SOLUTION\nax = sns.lineplot(data=t, x='year', y='m')\nax.set_ylabel('share')\n### END SOLUTION"
    assert pipeline.strip_solution(src, "code") == "ax = ..."
    assert "raise NotImplementedError" in pipeline.strip_solution(
        "### BEGIN SOLUTION\nplt.plot(t.year, t.m)\n### END SOLUTION", "code")


def test_strip_solution_assignment_and_code_regions():
    src = "x = 1\n### BEGIN SOLUTION\nanswer = 2 * x\nother: float = 3\n### END SOLUTION\nanswer"
    assert pipeline.strip_solution(src, "code") == "x = 1\nanswer = ...\nother = ...\nanswer"
    src = "def f(a):\n    ### BEGIN SOLUTION\n    if a:\n        return 1\n    return 2\n    ### END SOLUTION\n"
    assert pipeline.strip_solution(src, "code") == (
        "def f(a):\n    # YOUR CODE HERE\n    raise NotImplementedError\n")
    assert pipeline.strip_solution("A\n### BEGIN SOLUTION\nsecret\n### END SOLUTION", "markdown") == (
        "A\n" + pipeline.MARKDOWN_STUB)


@pytest.mark.parametrize("src", ["### BEGIN SOLUTION\nx = 1", "x = 1\n### END SOLUTION"])
def test_unbalanced_markers_are_refused_with_the_place(src):
    with pytest.raises(pipeline.PipelineError, match="cell 3"):
        pipeline.strip_solution(src, "code", where="01_x.ipynb, cell 3")


def test_generator_never_overwrites_a_students_work(tmp_path):
    solutions = tmp_path / "solutions"
    exercises = tmp_path / "exercises"
    solutions.mkdir()
    source = pipeline.SOLUTIONS / "00_start_here.ipynb"
    (solutions / source.name).write_bytes(source.read_bytes())
    assert pipeline.generate(solutions=solutions, exercises=exercises).written == [source.name]
    target = exercises / source.name
    pristine = target.read_bytes()
    # a regenerated, unchanged file is left alone
    again = pipeline.generate(solutions=solutions, exercises=exercises)
    assert again.unchanged == [source.name] and not again.written
    # a student's edit is refused, kept byte for byte ...
    student = pristine.replace(b"long_run = ...", b"long_run = 200")
    target.write_bytes(student)
    refused = pipeline.generate(solutions=solutions, exercises=exercises)
    assert refused.refused == [source.name] and target.read_bytes() == student
    # ... also when the solution changed since ...
    nb = nbformat.read(solutions / source.name, as_version=4)
    nb.cells[1].source += "\n\nA new sentence."
    nbformat.write(nb, solutions / source.name)
    assert pipeline.generate(solutions=solutions, exercises=exercises).refused == [source.name]
    assert target.read_bytes() == student
    # ... and replaced only with force
    assert pipeline.generate(solutions=solutions, exercises=exercises, force=True).written == [source.name]
    assert b"A new sentence." in target.read_bytes()


def test_generator_updates_its_own_untouched_output(tmp_path):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    source = pipeline.SOLUTIONS / "00_start_here.ipynb"
    (solutions / source.name).write_bytes(source.read_bytes())
    pipeline.generate(solutions=solutions, exercises=tmp_path / "ex")
    nb = nbformat.read(solutions / source.name, as_version=4)
    nb.cells[1].source += "\n\nChanged."
    nbformat.write(nb, solutions / source.name)
    assert pipeline.generate(solutions=solutions, exercises=tmp_path / "ex").written == [source.name]


def test_generated_exercises_have_no_outputs_and_clean_metadata():
    for path in sorted(pipeline.EXERCISES.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            assert set(cell.metadata) <= set(pipeline.KEEP_CELL_METADATA)
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None


def test_lectures_store_static_outputs_but_no_dead_widget_views():
    for path in sorted(pipeline.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
        assert any("image/png" in o.get("data", {}) for o in outputs), f"{path.name}: not executed"
        assert not any(pipeline.WIDGET_VIEW in o.get("data", {}) for o in outputs), (
            f"{path.name}: a stored widget view shows 'Error displaying widget' when opened; "
            f"re-run `make notebooks`")
        assert not any(o.output_type == "error" for o in outputs), f"{path.name}: error output"


# --- no project command loses a student's answers (issue 12) ------------------------------------
def _student_setup(tmp_path: Path) -> tuple[Path, Path, Path, bytes]:
    """A generated exercise 00 that a student then changed (one answer cell added)."""
    solutions, exercises = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir()
    source = pipeline.SOLUTIONS / "00_start_here.ipynb"
    (solutions / source.name).write_bytes(source.read_bytes())
    pipeline.generate(solutions=solutions, exercises=exercises)
    target = exercises / source.name
    nb = nbformat.read(target, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("my_answer = 42  # the student's work"))
    nbformat.write(nb, target)
    return solutions, exercises, target, target.read_bytes()


def test_generate_force_keeps_the_students_notebook_as_a_timestamped_backup(tmp_path):
    solutions, exercises, target, student = _student_setup(tmp_path)
    result = pipeline.generate(solutions=solutions, exercises=exercises, force=True)
    assert result.written == [target.name] and b"my_answer = 42" not in target.read_bytes()
    backup = exercises / result.backups[target.name]
    assert backup.read_bytes() == student
    assert re.fullmatch(r"00_start_here\.backup-\d{8}-\d{6}\.ipynb", backup.name)
    # the backup is no lesson: the generator and the grader's default scan leave it alone ...
    assert not pipeline.LESSON_NAME.match(backup.name)
    again = pipeline.generate(solutions=solutions, exercises=exercises, force=True)
    assert again.unchanged == [target.name] and not again.backups and backup.read_bytes() == student
    # ... and a second forced replacement in the same second gets its own backup
    nb = nbformat.read(target, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("second = 2"))
    nbformat.write(nb, target)
    second = pipeline.generate(solutions=solutions, exercises=exercises, force=True)
    assert second.backups[target.name] != backup.name and backup.read_bytes() == student


def test_generate_commands_say_where_the_backup_is_and_never_lose_work(tmp_path, monkeypatch, capsys):
    from functools import partial

    from valueloops import __main__ as cli

    solutions, exercises, target, student = _student_setup(tmp_path)
    monkeypatch.setattr(pipeline, "generate", partial(pipeline.generate, solutions=solutions,
                                                      exercises=exercises))
    assert cli.main(["generate"]) == 1  # refused, kept
    out = capsys.readouterr().out
    assert target.read_bytes() == student and "generate --force 00" in out
    from valueloops.grading import course_command  # python3 start.py ... in the course's .venv

    assert f"{course_command('generate --force 00')} (yours is first" in out
    assert cli.main(["generate", "--force", "00"]) == 0
    out = capsys.readouterr().out
    backups = list(exercises.glob("00_start_here.backup-*.ipynb"))
    assert len(backups) == 1 and backups[0].read_bytes() == student
    assert f"as exercises/{backups[0].name}" in out


def test_headers_command_never_replaces_a_changed_exercise(tmp_path, monkeypatch, capsys):
    from functools import partial

    from valueloops import __main__ as cli
    from valueloops import navigation

    solutions, exercises, target, student = _student_setup(tmp_path)
    monkeypatch.setattr(pipeline, "generate", partial(pipeline.generate, solutions=solutions,
                                                      exercises=exercises))
    monkeypatch.setattr(navigation, "write_navigation", lambda: [])
    monkeypatch.setattr(navigation, "write_readme_map", lambda: False)
    assert cli.main(["headers"]) == 1
    assert target.read_bytes() == student and not list(exercises.glob("*.backup-*"))


def test_execute_on_an_exercise_keeps_every_answer(tmp_path):
    path = tmp_path / "00_start_here.ipynb"
    path.write_bytes((pipeline.SOLUTIONS / "00_start_here.ipynb").read_bytes())
    before = [c.source for c in nbformat.read(path, as_version=4).cells]
    pipeline.execute(path)
    assert [c.source for c in nbformat.read(path, as_version=4).cells] == before


def test_folders_have_one_home_and_the_import_runs_one_way():
    from valueloops import navigation, paths

    assert pipeline.EXERCISES is paths.EXERCISES and navigation.NOTEBOOKS is paths.NOTEBOOKS
    source = (ROOT / "valueloops" / "navigation.py").read_text()
    assert "pipeline" not in re.findall(r"^from \.(\w+) import", source, re.M)


def test_execute_saves_one_stream_output_per_cell_however_the_kernel_flushed(tmp_path):
    """A print can reach the client as several stream messages (a flush race seen re-executing
    lecture 10): execute joins them, so the saved notebook is the same on every run."""
    path = tmp_path / "flush.ipynb"
    source = "import sys\nprint('first', flush=True)\nsys.stdout.flush()\nprint('second')"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), path)
    pipeline.execute(path)
    outputs = nbformat.read(path, as_version=4).cells[0].outputs
    assert [(o.output_type, o.name, o.text) for o in outputs] == [("stream", "stdout",
                                                                  "first\nsecond\n")]


@pytest.mark.parametrize("damage", ["{ not json", "[1, 2]", '{"00_start_here.ipynb": 3}'])
def test_a_damaged_manifest_is_a_named_error_and_no_work_is_lost(tmp_path, damage):
    exercises = tmp_path / "exercises"
    pipeline.generate(["00"], exercises=exercises)
    mine = exercises / "00_start_here.ipynb"
    mine.write_text(mine.read_text() + " ")  # a student's change
    (exercises / pipeline.MANIFEST_NAME).write_text(damage)
    with pytest.raises(pipeline.PipelineError, match=r"\.manifest\.json is damaged .*Delete it"):
        pipeline.generate(["00"], exercises=exercises)
    (exercises / pipeline.MANIFEST_NAME).unlink()
    assert pipeline.generate(["00"], exercises=exercises).refused == ["00_start_here.ipynb"]
    assert mine.read_text().endswith(" ")
