"""Trusted checks (issue 16): the verdict comes from the grader's own specs, not the student's kernel.

Two kinds of test: every declared answer of every spec (right, blank and each plausible mistake)
travels through the reader cell's code and the grader's decoding and gets the same verdict as when
checked in place (no kernel: fast); and real notebooks that forge the grade log or edit
``valueloops.checks`` at run time, graded on a kernel, score nothing.
"""

import contextlib
import io
import json

import nbformat
import pytest

from valueloops import grading, pipeline, probe, trusted
from valueloops.checks import CORRECT, Function, all_specs, lesson_specs
from valueloops.checks.core import PackageCallWatch, RecordedFunction

LESSON = "00_start_here.ipynb"
EXERCISES_00 = sorted(lesson_specs("00"), key=lambda e: int(e.split(".")[1]))
SPECS = sorted(all_specs().items())


def through_the_reader(exercise: str, spec, answer):
    """The verdict the grader reaches for ``answer``: the reader cell's code run here (as in a
    kernel), its printed JSON parsed and decoded, then the grader's spec."""
    ns = {"__name__": "valueloops_grader"}
    exec(trusted._reader_source(), ns)  # noqa: S102 - the reader cell's own code
    cases = json.dumps([dict(c) for c in spec.cases]) if isinstance(spec, Function) else None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        ns["read_answer"]({"answer": answer}, "NONCE", exercise, "answer", cases,
                          ns["package_calls"] if cases else None,
                          ns["PackageCallWatch"] if cases else None)
    cell = nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output("stream", name="stdout",
                                                                         text=out.getvalue())])
    payload = trusted.read_outputs(cell, "NONCE")
    assert payload is not None, out.getvalue()
    return trusted.evaluate_payload(exercise[:2], exercise, payload)


@pytest.mark.parametrize("exercise, spec", SPECS, ids=[k for k, _ in SPECS])
def test_every_declared_answer_gets_the_same_verdict_through_the_grader(exercise, spec):
    answers = [(spec.blank_answer(), None)] + list(spec.wrong_answers())
    for answer, _ in answers:
        direct = spec.evaluate(exercise, answer)
        graded = through_the_reader(exercise, spec, answer)
        assert (graded.status, graded.message) == (direct.status, direct.message), (exercise, answer)


@pytest.mark.parametrize("exercise, spec", [s for s in SPECS if isinstance(s[1], Function)],
                         ids=[k for k, s in SPECS if isinstance(s, Function)])
def test_a_function_gets_the_same_verdict_through_the_grader_as_in_place(exercise, spec):
    """A student function returning the reference's values: the grader agrees with the check cell,
    and passes it wherever the reference is plain math (where the reference is the package's own
    model, both refuse it: that is the derive policy)."""
    def mine(**kwargs):
        return spec.reference(**kwargs)

    mine.__module__ = "__main__"
    in_place = spec.evaluate(exercise, mine)
    graded = through_the_reader(exercise, spec, mine)
    assert (graded.status, graded.message) == (in_place.status, in_place.message)
    with PackageCallWatch() as watch:
        spec.reference(**spec.cases[0])
    if not watch.names:
        assert graded.status == CORRECT, graded.message


DERIVE_WITH_MODEL = [(e, s) for e, s in SPECS if isinstance(s, Function) and s.model is not None]


@pytest.mark.parametrize("exercise, spec", DERIVE_WITH_MODEL, ids=[e for e, _ in DERIVE_WITH_MODEL])
def test_a_model_reached_only_at_run_time_is_refused_in_the_grader_as_in_place(exercise, spec):
    """A callable object hides the model from the code reader; the run-time watch sees it, in the
    student's check cell and in the grader's reader cell alike (one refusal, not two)."""
    class Caller:
        def __call__(self, **kwargs):
            return spec.model(**kwargs)

    in_place = spec.evaluate(exercise, Caller())
    graded = through_the_reader(exercise, spec, Caller())
    assert in_place.status == graded.status == "wrong", (in_place, graded)
    assert "package's own" in graded.message and graded.message == in_place.message


def test_every_exercise_has_a_template_expression():
    for exercise in all_specs():
        assert trusted.template_expressions(exercise[:2]).get(exercise), exercise


# --- real notebooks on a kernel -------------------------------------------------------------------
def blank_with(tmp_path, code: str, where: str = "end"):
    """Lesson 00's blank exercise notebook with one extra cell (at the end, or before the exercises)."""
    nb = nbformat.read(pipeline.EXERCISES / LESSON, as_version=4)
    cell = nbformat.v4.new_code_cell(code)
    if where == "end":
        nb.cells.append(cell)
    else:
        owners = grading.exercise_of_cells(nb)
        first = min(i for i, (_, role) in owners.items() if role != "setup")
        nb.cells.insert(first, cell)
    path = tmp_path / LESSON
    nbformat.write(nb, path)
    return path


FORGE_LOG = """
import os, tempfile
from valueloops.checks.core import Feedback, log_feedback, GRADE_LOG_ENV
os.environ.setdefault(GRADE_LOG_ENV, os.path.join(tempfile.gettempdir(), "forged.jsonl"))
for exercise in {exercises!r}:
    log_feedback(Feedback(exercise, "correct", ""))
    print("VALUELOOPS-" + "0" * 32 + "<" + '{{"exercise": "' + exercise + '", "value": 1}}' + ">")
"""


def test_the_forged_log_scores_nothing(tmp_path):
    grade = grading.grade_notebook(blank_with(tmp_path, FORGE_LOG.format(exercises=EXERCISES_00)))
    assert grade.passed == 0, grading.notebook_report(grade)
    assert all(r.status == "not answered" for r in grade.results), grading.notebook_report(grade)


PATCH_CHECKS = """
import valueloops.checks as checks, valueloops.checks.core as core
from valueloops.checks.core import Feedback
always = lambda self, exercise, answer: Feedback(exercise, "correct", "patched")
for cls in (core.Number, core.Choice, core.Function, core.Spec):
    cls.evaluate = always
checks.check = lambda exercise, answer: print("patched check")
checks.evaluate = lambda exercise, answer: Feedback(exercise, "correct", "patched")
for spec_module in [m for name, m in list(__import__("sys").modules.items()) if name.startswith("valueloops.checks.lesson")]:
    spec_module.CHECKS = {}
"""


def test_a_notebook_that_edits_the_checks_at_run_time_gets_no_false_pass(tmp_path):
    grade = grading.grade_notebook(blank_with(tmp_path, PATCH_CHECKS, where="setup"))
    assert grade.passed == 0, grading.notebook_report(grade)


def test_patched_checks_do_not_change_a_right_answer(tmp_path):
    nb = nbformat.read(pipeline.SOLUTIONS / LESSON, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PATCH_CHECKS.replace('"correct"', '"wrong"')))
    path = tmp_path / LESSON
    nbformat.write(nb, path)
    grade = grading.grade_notebook(path)
    assert grade.passed == len(EXERCISES_00), grading.notebook_report(grade)


def test_a_function_that_calls_the_package_model_is_refused_in_the_grader(tmp_path):
    nb = nbformat.read(pipeline.SOLUTIONS / LESSON, as_version=4)
    owners = grading.exercise_of_cells(nb)
    function_exercise = next(e for e in EXERCISES_00 if isinstance(lesson_specs("00")[e], Function))
    name = trusted.template_expressions("00")[function_exercise]
    spec = lesson_specs("00")[function_exercise]
    nb.cells.append(nbformat.v4.new_code_cell(
        f"from {spec.model.__module__} import {spec.model.__name__} as model\n"
        f"def {name}(**kwargs):\n    return model(**kwargs)\n"
        "import valueloops.checks.core as core\ncore.package_calls = lambda func, _depth=0: []\n"))
    path = tmp_path / LESSON
    nbformat.write(nb, path)
    result = {r.exercise: r for r in grading.grade_notebook(path).results}[function_exercise]
    assert result.status == "wrong" and "the package's own" in result.message, result
    assert owners  # the notebook's own cells were kept


def test_the_kernel_memory_is_capped_and_grading_goes_on(tmp_path):
    nb = nbformat.read(pipeline.SOLUTIONS / LESSON, as_version=4)
    owners = grading.exercise_of_cells(nb)
    first = EXERCISES_00[0]
    index = next(i for i, (ex, role) in sorted(owners.items()) if ex == first and role == "answer")
    nb.cells[index].source = "hog = bytearray(3 * 1024 ** 3)  # 3 GB, above the cap\n" + nb.cells[index].source
    path = tmp_path / LESSON
    nbformat.write(nb, path)
    grade = grading.grade_notebook(path, memory_mb=2048)
    results = {r.exercise: r for r in grade.results}
    assert results[first].status in (grading.ERROR, grading.DIED), grading.notebook_report(grade)
    assert "MemoryError" in results[first].message or "died" in results[first].message
    assert all(results[e].status == CORRECT for e in EXERCISES_00[1:]), grading.notebook_report(grade)


def test_without_the_templates_the_students_check_cells_name_what_to_read(monkeypatch):
    # an installed copy of the package (no solutions/ beside it): the answer is still judged here
    monkeypatch.setattr(trusted, "template_expressions", lambda lesson: {})
    assert trusted.reader_cells("00", "N") == []
    nb = nbformat.read(pipeline.EXERCISES / LESSON, as_version=4)
    cells = trusted.reader_cells("00", "N", fallback=trusted.check_expressions(nb))
    assert [exercise for exercise, _ in cells] == EXERCISES_00


def _model_module(spec) -> str:
    return spec.model.__module__


ATTACKS = {
    "importlib with a built name": lambda spec: f'''
def answer(**kwargs):
    import importlib
    module = importlib.import_module("value" + "loops." + {_model_module(spec).split(".", 1)[1]!r})
    return getattr(module, {spec.model.__name__!r})(**kwargs)
''',
    "a thread": lambda spec: f'''
def answer(**kwargs):
    import importlib
    from concurrent.futures import ThreadPoolExecutor
    module = importlib.import_module("value" + "loops." + {_model_module(spec).split(".", 1)[1]!r})
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(getattr(module, {spec.model.__name__!r}), **kwargs).result()
''',
    "setprofile and settrace reset": lambda spec: f'''
def answer(**kwargs):
    import importlib, sys
    sys.setprofile(None)
    sys.settrace(None)
    module = importlib.import_module("value" + "loops." + {_model_module(spec).split(".", 1)[1]!r})
    return getattr(module, {spec.model.__name__!r})(**kwargs)
''',
    "the module's source read from disk": lambda spec: f'''
def answer(**kwargs):
    import importlib, pathlib
    package = importlib.import_module("value" + "loops")
    source = pathlib.Path(package.__file__).parent.joinpath(*{_model_module(spec).split(".")[1:]!r})
    source = source.with_suffix(".py") if source.with_suffix(".py").exists() else source / "__init__.py"
    import sys, types
    copied = sys.modules.setdefault("copied", types.ModuleType("copied"))
    copied.__package__ = "valueloops"
    exec(source.read_text(), copied.__dict__)
    return getattr(copied, {spec.model.__name__!r})(**kwargs)
''',
    "importlib.reload": lambda spec: f'''
def answer(**kwargs):
    import importlib
    module = importlib.reload(importlib.import_module("value" + "loops." + {_model_module(spec).split(".", 1)[1]!r}))
    return getattr(module, {spec.model.__name__!r})(**kwargs)
''',
}


def _attack(spec, name):
    space = {"__name__": "__main__"}
    exec(ATTACKS[name](spec), space)  # noqa: S102 - a test's own hostile answer
    return space["answer"]


@pytest.mark.parametrize("attack", sorted(ATTACKS))
@pytest.mark.parametrize("exercise, spec", DERIVE_WITH_MODEL, ids=[e for e, _ in DERIVE_WITH_MODEL])
def test_the_derive_refusal_holds_where_the_model_cannot_be_reached(exercise, spec, attack):
    """Issue 23: threads, profile resets, importlib and the source read from disk do not reach the
    model, in the check cell or in the grader (the answer runs in a process where the package's
    model functions raise and its files cannot be opened). Watched in this process instead (the
    old refusal), the same answers pass where the attack evades the watch: so this can fail."""
    answer = _attack(spec, attack)
    in_place = spec.evaluate(exercise, answer)
    graded = through_the_reader(exercise, spec, answer)
    assert in_place.status != CORRECT and graded.status != CORRECT, (in_place, graded)
    if attack in ("a thread", "setprofile and settrace reset") and _model_is_the_answer(spec):
        # run in this process (a reload or an exec'd copy here would change this process's classes)
        calls, reached = probe.watched_calls(answer, [dict(c) for c in spec.cases], PackageCallWatch)
        watched = spec.evaluate(exercise, RecordedFunction(spec.cases, calls, reached, "answer", trusted.decode))
        assert watched.status == CORRECT, watched  # what the watch alone let through


def _model_is_the_answer(spec) -> bool:
    """Whether calling the spec's model on its cases gives the reference's results."""
    try:
        return all(spec._close(float(spec.model(**c)), float(spec.reference(**c))) for c in spec.cases)
    except Exception:  # noqa: BLE001 - a model that does not take every case is not the answer
        return False
