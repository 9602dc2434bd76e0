"""Project commands: ``python -m valueloops {lab,site,generate,execute,headers,grade,grade-class,nbgrader-export} ...``
(see ``--help``); from the course folder ``python3 start.py COMMAND ...`` (Windows: ``py start.py
COMMAND ...``) sets up .venv and runs them with its Python; ``make lab``, ``make grade`` ... call that."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _seconds(text: str) -> float:
    """A time limit in seconds: a number above 0."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, got {text!r}")
    return value


def _at_least_one(what: str):
    """An argparse type: a whole number of ``what`` of at least 1."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value < 1:
            raise argparse.ArgumentTypeError(f"must be a whole number of {what}, 1 or more, got {text!r}")
        return value
    return parse


def main(argv: list[str] | None = None) -> int:
    from .grading import course_command

    parser = argparse.ArgumentParser(prog=course_command(""), description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write exercises/ from solutions/ (never over a student's work)")
    gen.add_argument("lessons", nargs="*", help="lesson numbers or names (default: all)")
    gen.add_argument("--force", action="store_true",
                     help="replace changed exercise notebooks too, after moving each to a timestamped backup")
    exe = sub.add_parser("execute", help="run notebooks on a fresh kernel and save their outputs")
    exe.add_argument("notebooks", nargs="+")
    sub.add_parser("headers", help="rewrite every notebook's header and footer, and the README's course map")
    grade = sub.add_parser("grade", help="check your exercise notebooks and print a scoreboard")
    grade.add_argument("notebooks", nargs="*", help="exercise notebooks (default: all in exercises/)")
    grade.add_argument("--timeout", type=_seconds, default=60,
                       help="seconds a cell may run before it is stopped (default: 60)")
    grade.add_argument("--strict", action="store_true",
                       help="exit non-zero unless every exercise passed (for CI)")
    klass = sub.add_parser("grade-class", help="grade a class folder: gradebook.csv, totals.csv, report.md, "
                                              "a chart per lesson (trusted checks)")
    klass.add_argument("folder", help="one folder per student: <student>/<notebook>.ipynb or nbgrader's "
                                      "submitted/<student>/<lesson>/<notebook>.ipynb")
    klass.add_argument("--out", help="where to write (default: ./<folder>-grades; never inside the class folder)")
    klass.add_argument("--timeout", type=_seconds, default=60,
                       help="seconds a cell may run before it is stopped (default: 60)")
    klass.add_argument("--jobs", type=_at_least_one("processes"), default=None,
                       help="notebooks graded at once (default: one per core)")
    klass.add_argument("--memory", type=_at_least_one("megabytes"), default=4096,
                       help="memory cap per kernel in MB (default: 4096)")
    klass.add_argument("--no-sandbox", action="store_true",
                       help="run the kernels without bubblewrap's sandbox (see instructors/README.md for what that risks)")
    nbg = sub.add_parser("nbgrader-export", help="write the course as an nbgrader source folder")
    nbg.add_argument("out", help="the nbgrader course folder to write source/ and nbgrader_config.py into")
    nbg.add_argument("--force", action="store_true",
                     help="replace files edited since the last export too, after copying each to a backup")
    sub.add_parser("lab", help="open the course in JupyterLab (the repository root, lesson 00 open); "
                               "further options go to jupyter lab")
    sub.add_parser("site", help="build the course website into _site/ (needs requirements-site.txt)")
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["lab"]:
        from .lab import main as lab_main
        return lab_main(argv[1:])
    if argv[:1] == ["site"]:
        from .site import main as site_main
        return site_main(argv[1:])
    args = parser.parse_args(argv)

    if args.command == "generate":
        from .pipeline import PipelineError, generate
        try:
            result = generate(args.lessons or None, force=args.force)
        except PipelineError as exc:
            print(f"✘ {exc}")
            return 2
        for name, backup in result.backups.items():
            print(f"kept       exercises/{name} (changed) as exercises/{backup}")
        for name in result.written:
            print(f"wrote      exercises/{name}")
        for name in result.refused:
            print(f"✘ refused  exercises/{name}: it was changed after it was generated (your work?). "
                  f"It was not overwritten. To get a fresh copy and keep yours: "
                  f"{course_command('generate --force ' + name[:2])} (yours is first "
                  f"moved to a timestamped backup beside it).")
        print(f"{len(result.written)} written, {len(result.unchanged)} unchanged, "
              f"{len(result.refused)} refused")
        return 1 if result.refused else 0
    if args.command == "headers":
        from .navigation import write_navigation, write_readme_map
        from .pipeline import generate
        changed = write_navigation()
        if write_readme_map():
            print("course map README.md")
        for path in changed:
            print(f"navigation {path.relative_to(path.parent.parent)}")
        result = generate()
        print(f"{len(changed)} notebooks updated; exercises: {len(result.written)} written, "
              f"{len(result.refused)} refused")
        return 1 if result.refused else 0
    if args.command == "execute":
        from .pipeline import execute
        for name in args.notebooks:
            execute(Path(name))
            print(f"executed   {name}")
        return 0
    if args.command == "grade-class":
        from .classgrade import main as class_main
        return class_main(args.folder, args.out, timeout=args.timeout, jobs=args.jobs, memory_mb=args.memory,
                          sandbox=False if args.no_sandbox else None)
    if args.command == "nbgrader-export":
        from .nbgrader import main as nbgrader_main
        return nbgrader_main(Path(args.out), force=args.force)
    from .grading import main as grade_main
    return grade_main(args.notebooks, timeout=args.timeout, strict=args.strict)


if __name__ == "__main__":
    sys.exit(main())
