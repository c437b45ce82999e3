"""``iehub match solve``: the stable-allocation solver on a JSON instance, without Django.

The command is dispatched by ``iehub.__main__`` before Django is set up, so its start-up is Python's own
plus ``orjson`` and the pure solver (``iehub.engines.matching``): a province's placement office can run it
on a 50,000-student instance in a few seconds, and a script can call it in a loop.

Contract (docs/matching.md)::

    iehub match solve --input instance.json --output result.json [--verify]

    instance  {"students": [{"id": "s1", "prefs": ["p3", "p9"]}],
               "positions": [{"id": "p3", "capacity": 5, "prefs": ["s1"]}]}
    result    {"assignment": {"s1": "p3", "s2": null}}

A malformed instance exits with status 2 and one line naming the entry; the result file is written only
when the solve succeeds (to a temporary file first, then renamed, so a reader never sees half of it).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from iehub.cli_input import read_capped
from iehub.engines.matching import InstanceError, check, check_applicants_only, parse_instance, solve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iehub match",
        description="Stable allocation of students to positions (student-proposing deferred acceptance).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    solve_parser = commands.add_parser(
        "solve",
        help="solve an instance file and write the student-optimal stable assignment",
        description="Read an instance (students' and positions' ranked lists, capacities) and write the "
        "student-optimal stable assignment as JSON.",
    )
    solve_parser.add_argument("--input", required=True, help="instance JSON file ('-' reads standard input)")
    solve_parser.add_argument("--output", required=True, help="result JSON file ('-' writes standard output)")
    solve_parser.add_argument(
        "--verify",
        action="store_true",
        help="also refuse a position that ranks a non-applicant, and check the result for blocking pairs "
        "and capacities before writing it (exit 1 if any)",
    )
    return parser


MAX_INSTANCE_BYTES = 2 * 1024**3  # a national round of a million students is about a quarter of this


def _read_instance(source: str) -> Any:
    try:
        return orjson.loads(read_capped(source, MAX_INSTANCE_BYTES, f"{MAX_INSTANCE_BYTES // 1024**3} GiB"))
    except orjson.JSONDecodeError as error:
        raise InstanceError(f"{source} is not valid JSON: {error}") from None
    except ValueError as error:
        raise InstanceError(str(error)) from None


def _write_result(target: str, result: dict[str, Any]) -> None:
    data = orjson.dumps(result)
    if target == "-":
        sys.stdout.buffer.write(data + b"\n")
        sys.stdout.flush()
        return
    path = Path(target)
    handle, temporary = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def solve_command(source: str, target: str, verify: bool) -> int:
    """Solve ``source`` into ``target``; return the exit status (0 done, 1 unstable, 2 bad input).

    The cyclic garbage collector is switched off: the command builds millions of small tuples and
    dictionaries that form no cycles and live until it exits, and the collector's passes over them cost
    a fifth of the run at 50,000 students.
    """
    gc.disable()
    try:
        instance = parse_instance(_read_instance(source))
        if verify:
            check_applicants_only(instance)
    except InstanceError as error:
        print(f"iehub match solve: error: {error}", file=sys.stderr)
        return 2
    assignment = solve(instance)
    if verify:
        pairs = check(instance, assignment)
        if pairs:
            print(f"iehub match solve: {len(pairs)} blocking pairs, result not written", file=sys.stderr)
            return 1
    try:
        _write_result(target, {"assignment": assignment})
    except OSError as error:
        print(f"iehub match solve: error: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return 2
    placed = sum(position is not None for position in assignment.values())
    summary = f"{placed} of {len(assignment)} students placed at {len(instance.position_prefs)} positions"
    if verify:
        summary += "; stable (no blocking pair)"
    print(summary, file=sys.stderr)
    return 0


def main(argv: Sequence[str]) -> int:
    """Parse ``iehub match …`` arguments and run the sub-command."""
    arguments = _parser().parse_args(list(argv))
    return solve_command(arguments.input, arguments.output, arguments.verify)
