"""Project commands: ``python -m valueloops {generate,execute,grade} ...`` (see ``--help``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m valueloops", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write exercises/ from solutions/ (never over a student's work)")
    gen.add_argument("lessons", nargs="*", help="lesson numbers or names (default: all)")
    gen.add_argument("--force", action="store_true", help="replace changed exercise notebooks too")
    exe = sub.add_parser("execute", help="run notebooks on a fresh kernel and save their outputs")
    exe.add_argument("notebooks", nargs="+")
    sub.add_parser("headers", help="rewrite every notebook's header and footer, and the README's course map")
    grade = sub.add_parser("grade", help="check your exercise notebooks and print a scoreboard")
    grade.add_argument("notebooks", nargs="*", help="exercise notebooks (default: all in exercises/)")
    args = parser.parse_args(argv)

    if args.command == "generate":
        from .pipeline import PipelineError, generate
        try:
            result = generate(args.lessons or None, force=args.force)
        except PipelineError as exc:
            print(f"✘ {exc}")
            return 2
        for name in result.written:
            print(f"wrote      exercises/{name}")
        for name in result.refused:
            print(f"✘ refused  exercises/{name}: it was changed after it was generated (your work?). "
                  f"It was not overwritten. Move it aside to keep it, or rerun with --force to "
                  f"replace it.")
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
    from .grading import main as grade_main
    return grade_main(args.notebooks)


if __name__ == "__main__":
    sys.exit(main())
