"""Text that follows the data, by construction (issue 21).

Exercises, hints, solutions and instructor guides quote their lecture ("the lecture fits US$ 933
billion"), name the data's span ("2014–2025") and count its points ("eleven points"). When the data
move on a year, such sentences go stale unless something compares them with the data. This test
does, for every lesson 00–11, on every text a reader meets besides the lecture's own outputs:

* the lecture's markdown, the solution notebook (every cell; ``exercises/`` is generated from it
  and ``tests/test_pipeline.py`` proves it a fresh generation), the lesson's checks module (the
  hints) and the instructor guide;

and three rules:

1. **spans**: a year span ("2014–2024", "FY2016–FY2024") or "through/until 2024" may not end in the
   year before :data:`valueloops.course.LATEST_FISCAL_YEAR` (the classic leftover of an update). A span that rightly ends there (a source's own period) is listed in ``ALLOWED`` with
   its reason.
2. **counts**: "eleven points", "ten growth rates", "12 data points" (a count spelled out before
   points, growth rates, observations or years of data; in digits only before "data points" and
   the like, since "5 points" is a share) must be the number of yearly levels or
   yearly growth rates of the consolidated series, first year to ``LATEST_FISCAL_YEAR``, derived
   from the data (``amazon_segments``).
3. **lecture quotes**: a clause outside the lecture (split at ``| ; : ,``) that says "the lecture"
   (or "the fit", "fitted")
   and names a number (10 or more, or with decimals; not a year, not an exercise id like 04.1) must
   name one the lecture shows (stored outputs, markdown, or a value in its code, as a chart's
   parameter), at the precision it is quoted ("about 930" matches 933), or as a percent of it.

4. **answer keys**: each row of an instructor guide's answer table gives the check's expected value
   (at the question's precision, or as its percent/share) or the correct letter: a guide cannot
   keep last year's answer after the data or the exercise changed.

Where text can be derived it is: the lesson 01 checks build their hints and 01.6's options from the
data and ``LATEST_FISCAL_YEAR`` (the fitted capacity, the count of growth rates, the span), and
rule 3 compares the solution's copy of those options with the lecture.

Items found stale in lessons this stream does not own are listed in ``ALLOWED`` with the stream that
owns them, so that they show up in every report until fixed. The rules are proven to fire on
planted sentences below, and on the course itself with the constant raised.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from valueloops import course, pipeline
from valueloops.data import load
from valueloops.paths import ROOT

LESSONS = [path.name[:2] for path in pipeline.solution_notebooks()]
YEAR_SPAN = re.compile(r"(?<!\d)(?:FY\s?)?((?:19|20)\d\d)\s*(?:[–—-]|to)\s*(?:FY\s?)?((?:19|20)\d\d|\d\d)(?!\d)")
THROUGH = re.compile(r"\b(?:through|until|up to)\s+((?:19|20)\d\d)(?!\d)", re.I)
COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
               "fifteen": 15, "sixteen": 16}
COUNT = re.compile(r"\b(?:(" + "|".join(COUNT_WORDS) + r")\s+(?:yearly\s+|annual\s+|data\s+)?"
                   r"(?:points|growth rates|observations|years of data)"
                   r"|(\d{1,2})\s+(?:data points|growth rates|observations|years of data))\b", re.I)
NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w]|\.\d)")
SENTENCE = re.compile(r"[^.!?\n|;:,]*(?:[.,](?=\d)[^.!?\n|;:,]*)*[.!?\n|;:,]?")
QUOTING = re.compile(r"\blecture|\bthe fit\b|\bfitted\b", re.I)
EXERCISE_ID = re.compile(r"(?<![\w.])\d\d\.\d+(?![\w.])")

# (lesson, rule, the exact text found) -> why it stands. A reason that starts "STALE" is a known
# defect left for the stream that owns the lesson; everything else is a span or count that rightly
# differs from the data (a source's own period).
C21B = "owned by stream c21b (lessons 04-05)"
C22 = "owned by stream c22a/c22b (lessons 06-11)"
FIXED_WINDOW = "a fixed window by design (the answer must not move with each update), not stale"
SOURCE_LINE = ("a source line: the 10-Ks cover the years to 2024 and 2025 comes from the Q4 2025 "
               "release, so the span is right; issue 21 asks that release be cited as the Form "
               "8-K exhibit")
ALLOWED: dict[tuple[str, str, str], str] = {
    ("01", "span", "2014–2024"): f"{SOURCE_LINE} (the 10-K filings read; 2025 from the release)",
    ("03", "span", "2022 to 2024"): f"{SOURCE_LINE} (lesson 03's FY2024 10-K columns); c21a",
    # lessons 06-11: not stale, each for the reason given
    ("06", "span", "2020 to 2024"): f"06.1's {FIXED_WINDOW}; {C22}",
    ("06", "span", "2020-2024"): f"06.1's {FIXED_WINDOW}; {C22}",
    ("06", "span", "2020–2024"): f"06.1's {FIXED_WINDOW}; {C22}",
    ("09", "span", "2014–2024"): f"{SOURCE_LINE}; {C22}",
    ("11", "span", "2022–2024"): f"{SOURCE_LINE} (the FY2024 10-K's three years, cell 5's caption)",
    ("09", "span", "2019–2024"): ("the peer growth comparison: Microsoft's first-reported "
                                  "Intelligent Cloud series stops at FY2024 (FY2025 exists only on "
                                  "the recast basis, compared separately), so the span is right"),
}


@dataclass(frozen=True)
class Text:
    lesson: str
    where: str
    text: str


def _strings(path: Path) -> str:
    """Every string literal of a Python module (the checks' hints and messages)."""
    tree = ast.parse(path.read_text())
    parts = [node.value for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    return "\n".join(parts)


def _notebook_sources(path: Path, markdown_only: bool) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(cell.source for cell in nb.cells
                     if not markdown_only or cell.cell_type == "markdown")


def lecture_printed(lesson: str) -> str:
    """What the lecture shows: stored text and HTML outputs, markdown and code (a chart's values)."""
    name = pipeline.solution_notebooks([lesson])[0].name
    nb = nbformat.read(pipeline.NOTEBOOKS / name, as_version=4)
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
            data = out.get("data", {})
            parts.append(data.get("text/plain", ""))
            parts.append(re.sub(r"<[^>]+>", " ", data.get("text/html", "")))
    return "\n".join(parts)


def lesson_texts(lesson: str, root: Path = ROOT) -> list[Text]:
    """The texts of one lesson a reader meets, besides the lecture's outputs."""
    name = pipeline.solution_notebooks([lesson])[0].name
    texts = [Text(lesson, f"notebooks/{name} (markdown)",
                  _notebook_sources(root / "notebooks" / name, markdown_only=True)),
             Text(lesson, f"solutions/{name}", _notebook_sources(root / "solutions" / name, False))]
    checks = root / "valueloops" / "checks" / f"lesson{lesson}.py"
    if checks.exists():
        texts.append(Text(lesson, f"valueloops/checks/lesson{lesson}.py", _strings(checks)))
    guide = root / "instructors" / name.replace(".ipynb", ".md")
    if guide.exists():
        texts.append(Text(lesson, f"instructors/{guide.name}", guide.read_text()))
    return texts


def stale_spans(text: Text, latest: int) -> list[str]:
    """Year spans (and 'through YEAR') that end the year before ``latest``, or after it."""
    found = []
    for match in YEAR_SPAN.finditer(text.text):
        first, last = match.group(1), match.group(2)
        end = int(last) if len(last) == 4 else int(first[:2] + last)
        if end < int(first):
            continue
        if end == latest - 1:
            found.append(" ".join(match.group(0).split()))
    for match in THROUGH.finditer(text.text):
        year = int(match.group(1))
        if year == latest - 1:
            found.append(" ".join(match.group(0).split()))
    return found


def series_counts(latest: int) -> set[int]:
    """The number of yearly levels and of yearly growth rates of the consolidated series."""
    segments = load("amazon_segments")
    first = int(segments.loc[segments["segment"] == "Consolidated", "year"].min())
    return {latest - first + 1, latest - first}


def stale_counts(text: Text, counts: set[int]) -> list[str]:
    """'N points' (and the like) whose N is not a count of the consolidated series."""
    found = []
    for match in COUNT.finditer(text.text):
        word = (match.group(1) or match.group(2)).lower()
        n = COUNT_WORDS[word] if word in COUNT_WORDS else int(word)
        if n not in counts:
            found.append(match.group(0))
    return found


def _numbers(text: str) -> list[tuple[float, float]]:
    """Each number in ``text`` with the half-width of the rounding it is quoted at."""
    out = []
    for match in NUMBER.finditer(text):
        whole, decimals = match.group(1).replace(",", ""), match.group(2)
        value = float(whole + ("." + decimals if decimals else ""))
        if decimals:
            half = 0.5 * 10 ** -len(decimals)
        else:
            zeros = len(whole) - len(whole.rstrip("0")) if value else 0
            half = 0.5 * 10 ** zeros if zeros else 0.5
        out.append((value, half))
    return out


def _quoted(clause: str) -> list[tuple[float, float]]:
    """The numbers of a clause worth checking: not small counts, years or exercise ids."""
    return [(value, half) for value, half in _numbers(EXERCISE_ID.sub(" ", clause))
            if not (value < 10 and half >= 0.5 or 1900 <= value <= 2100 and half == 0.5)]


def stale_quotes(text: Text, printed: str) -> list[str]:
    """Sentences that say 'the lecture' and quote a number the lecture does not print."""
    if text.where.startswith("notebooks/"):
        return []
    shown = [value for value, _ in _numbers(printed)]
    shown += [100 * value for value in shown] + [value / 100 for value in shown]
    found = []
    clauses = SENTENCE.findall(text.text)
    for index, clause in enumerate(clauses):
        if not QUOTING.search(clause):
            continue
        numbers = _quoted(clause)
        if not re.search(r"\d", clause) and index:  # "US$ 887 billion, the capacity the fit gives"
            clause = clauses[index - 1] + clause
            numbers = _quoted(clause)
        for value, half in numbers:
            if not any(abs(value - s) <= half + 1e-9 for s in shown):
                found.append(f"{value:g} in: {clause.strip()[:120]}")
    return found


def course_findings(latest: int = course.LATEST_FISCAL_YEAR, root: Path = ROOT,
                    lessons: list[str] = LESSONS) -> list[tuple[str, str, str, str]]:
    """Every (lesson, rule, text found, where) the three rules flag, before the allowlist."""
    counts = series_counts(latest)
    findings = []
    for lesson in lessons:
        printed = lecture_printed(lesson)
        for text in lesson_texts(lesson, root):
            for item in stale_spans(text, latest):
                findings.append((lesson, "span", item, text.where))
            for item in stale_counts(text, counts):
                findings.append((lesson, "count", item, text.where))
            for item in stale_quotes(text, printed):
                findings.append((lesson, "quote", item, text.where))
    return findings


def unexplained(findings):
    return [f for f in findings if (f[0], f[1], f[2]) not in ALLOWED]


@pytest.mark.parametrize("lesson", LESSONS)
def test_text_follows_the_data(lesson):
    bad = unexplained(course_findings(lessons=[lesson]))
    assert not bad, "stale text (update it, or derive it; see the rules above):\n" + "\n".join(
        f"  {rule}: {item!r} in {where}" for _, rule, item, where in bad)


def test_every_allowed_item_is_still_there():
    """An allowlist entry nobody needs any more is removed, so the list stays the list of debts."""
    found = {(f[0], f[1], f[2]) for f in course_findings()}
    assert not [key for key in ALLOWED if key not in found], [k for k in ALLOWED if k not in found]


# --- the rules can fail -------------------------------------------------------------------------

def test_a_planted_stale_span_count_and_quote_are_found():
    latest = course.LATEST_FISCAL_YEAR
    planted = Text("01", "planted", f"The lecture measured {latest - 10}–{latest - 1} on ten points "
                                    "and fits US$ 887 billion.")
    assert stale_spans(planted, latest) == [f"{latest - 10}–{latest - 1}"]
    assert stale_counts(planted, series_counts(latest)) == ["ten points"]
    assert [q.split(" ")[0] for q in stale_quotes(planted, "capacity US$ 933 billion")] == ["887"]
    points = {n: word for word, n in COUNT_WORDS.items()}[min(series_counts(latest))]
    fresh = Text("01", "fresh", f"The lecture measured {latest - 11}–{latest} on {points} points "
                                "and fits about US$ 930 billion.")
    assert not stale_spans(fresh, latest)
    assert not stale_counts(fresh, series_counts(latest))
    assert not stale_quotes(fresh, "capacity US$ 933 billion")


def test_raising_the_latest_year_turns_the_course_red():
    """With LATEST_FISCAL_YEAR one higher (next year's update, before anyone touches the text),
    the spans and counts that name this year's data are flagged (issue 21 counted them)."""
    now = {(f[0], f[1], f[2]) for f in course_findings()}
    later = {(f[0], f[1], f[2]) for f in course_findings(course.LATEST_FISCAL_YEAR + 1)}
    assert len(later - now) >= 10, sorted(later - now)


# --- 4. the guides' answer keys follow the checks ---------------------------------------------

GUIDE_ANSWERS_ALLOWED: dict[str, str] = {}
"""Exercise id -> why its guide row's first number is not the check's answer."""


def _guide_answers(text: str) -> list[tuple[str, str]]:
    """(exercise id, answer cell) of every row of a guide table whose header has an "answer" column."""
    rows, column = [], None
    for line in text.splitlines():
        if not line.startswith("|"):
            column = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if column is None:
            column = next((i for i, cell in enumerate(cells) if cell.lower().startswith("answer")), -1)
            continue
        match = re.match(r"(\d\d\.\d+)\b", cells[0])
        if column > 0 and match and len(cells) > column:
            rows.append((match.group(1), cells[column]))
    return rows


def guide_answer_mismatches(lesson: str, root: Path = ROOT) -> list[str]:
    """Rows of the guide's answer table whose answer is not what the check expects.

    A numeric answer's first number must be the check's expected value at the question's precision
    (or its percent/share); a multiple-choice answer must start with the correct letter."""
    from valueloops.checks import Choice, Number, lesson_specs

    name = pipeline.solution_notebooks([lesson])[0].name
    guide = root / "instructors" / name.replace(".ipynb", ".md")
    specs = lesson_specs(lesson)
    bad = []
    for exercise, answer in _guide_answers(guide.read_text() if guide.exists() else ""):
        spec = specs.get(exercise)
        if isinstance(spec, Choice):
            if not answer[:1].lower() == spec.correct:
                bad.append(f"{exercise}: guide says {answer[:20]!r}, the check wants {spec.correct!r}")
        elif isinstance(spec, Number):
            numbers = [value for value, _ in _numbers(answer.replace("−", "-"))]
            if not numbers:
                continue
            if not any(spec.accepts(numbers[0] * scale) for scale in (1, 100, 0.01)):
                bad.append(f"{exercise}: guide says {numbers[0]:g}, the check expects "
                           f"{spec.expected:.4g}")
    return [item for item in bad if item.split(":")[0] not in GUIDE_ANSWERS_ALLOWED]


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_guides_answer_key_follows_the_checks(lesson):
    assert not guide_answer_mismatches(lesson), guide_answer_mismatches(lesson)


def test_a_planted_wrong_answer_in_a_guide_is_found(tmp_path):
    name = pipeline.solution_notebooks(["01"])[0].name.replace(".ipynb", ".md")
    (tmp_path / "instructors").mkdir()
    text = (ROOT / "instructors" / name).read_text()
    planted = re.sub(r"(\| 01\.1[^|]*\|[^|]*\|)\s*[\d.]+", r"\1 33.7", text, count=1)
    assert planted != text
    (tmp_path / "instructors" / name).write_text(planted)
    assert [m.split(":")[0] for m in guide_answer_mismatches("01", tmp_path)] == ["01.1"]
