"""`python -m demos.exercises`: gradcheck every exercise and print how each fared.

Exits 0 whatever the learner's answers (wrong answers are part of learning);
with `--solutions` it checks the reference answers and exits 1 if any fails;
with `--audit` it plants known mistakes into them and exits 1 if one goes uncaught.
"""

from __future__ import annotations

import argparse
import sys

from . import EXERCISES, solutions
from .audit import audit, audit_report
from .check import CORRECT, check, report


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, check the chosen exercises, print the table; the exit code.

    >>> main(["--solutions", "--only", "sigmoid"])
     1. Sigmoid  correct
    <BLANKLINE>
    1 of 1 correct, 0 wrong, 0 not attempted.
    0
    """
    names = [exercise.__name__ for exercise in EXERCISES]
    parser = argparse.ArgumentParser(
        prog="python -m demos.exercises",
        description="Check your backward of each exercise against central differences.",
    )
    parser.add_argument(
        "--solutions", action="store_true", help="check the reference solutions instead"
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        type=str.lower,
        choices=[name.lower() for name in names],
        help=f"check only this exercise (repeatable): {', '.join(names)}",
    )
    parser.add_argument(
        "--audit",
        action="store_true",
        help="for teachers: plant each known mistake into the reference solutions and report "
        "which the checker catches and whether its hint names the mistake",
    )
    args = parser.parse_args(argv)
    chosen = [name for name in names if args.only is None or name.lower() in args.only]
    if args.audit:
        verdicts = audit([getattr(solutions, name) for name in chosen])
        print(audit_report(verdicts))
        return 0 if all(verdict.caught for verdict in verdicts) else 1
    if args.solutions:
        functions = [getattr(solutions, name) for name in chosen]
    else:
        functions = [exercise for exercise in EXERCISES if exercise.__name__ in chosen]
    results = [check(function) for function in functions]
    print(report(results))
    failed = any(result.status != CORRECT for result in results)
    return 1 if args.solutions and failed else 0


if __name__ == "__main__":
    sys.exit(main())
