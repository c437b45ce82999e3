"""The stable-allocation solver: stability, capacities, lists, and the student-optimal result.

The reference is the textbook round-based Gale–Shapley for college admissions (every free student
proposes in the same round, each position keeps its best ``capacity`` proposers) written as plainly as
possible, and the peer package ``matching`` 1.4.3 on small instances.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching.algorithms import hospital_resident
from matching.players import Hospital

from iehub.engines.matching import (
    InstanceError,
    blocking_pairs,
    check,
    check_applicants_only,
    deferred_acceptance,
    parse_instance,
    solve,
)
from matching import Player


def round_based_reference(
    student_prefs: list[list[int]], position_prefs: list[list[int]], capacities: list[int]
) -> list[int | None]:
    """Gale–Shapley in rounds: all free students propose at once; positions keep their best."""
    rank = [{s: i for i, s in enumerate(ranked)} for ranked in position_prefs]
    pointer = [0] * len(student_prefs)
    kept: list[list[int]] = [[] for _ in position_prefs]
    while True:
        held = {s for students in kept for s in students}
        proposals: dict[int, list[int]] = {}
        for s, prefs in enumerate(student_prefs):
            if s in held or pointer[s] >= len(prefs):
                continue
            p = prefs[pointer[s]]
            pointer[s] += 1
            proposals.setdefault(p, []).append(s)
        if not proposals:
            break
        for p, proposers in proposals.items():
            pool = kept[p] + [s for s in proposers if s in rank[p]]
            kept[p] = sorted(pool, key=rank[p].__getitem__)[: capacities[p]]
    assignment: list[int | None] = [None] * len(student_prefs)
    for p, students in enumerate(kept):
        for s in students:
            assignment[s] = p
    return assignment


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[list[int]], list[list[int]], list[int]]:
    """Random instances: incomplete lists on both sides, positions that rank only some applicants."""
    n_students = draw(st.integers(0, 12))
    n_positions = draw(st.integers(0, 6))
    student_prefs = []
    for _ in range(n_students):
        order = draw(st.permutations(range(n_positions)))
        student_prefs.append(list(order[: draw(st.integers(0, n_positions))]))
    position_prefs = []
    for p in range(n_positions):
        applicants = [s for s, prefs in enumerate(student_prefs) if p in prefs]
        ranked = draw(st.permutations(applicants))
        keep = draw(st.integers(0, len(ranked)))
        position_prefs.append(list(ranked[:keep]))
    capacities = [draw(st.integers(0, 4)) for _ in range(n_positions)]
    return student_prefs, position_prefs, capacities


@settings(max_examples=300, deadline=None)
@given(instances())
def test_result_is_stable_feasible_and_student_optimal(
    instance: tuple[list[list[int]], list[list[int]], list[int]],
) -> None:
    student_prefs, position_prefs, capacities = instance
    assignment = deferred_acceptance(student_prefs, position_prefs, capacities)
    assert blocking_pairs(student_prefs, position_prefs, capacities, assignment) == []
    for p, capacity in enumerate(capacities):
        placed = [s for s, q in enumerate(assignment) if q == p]
        assert len(placed) <= capacity
        assert all(p in student_prefs[s] and s in position_prefs[p] for s in placed)
    assert assignment == round_based_reference(student_prefs, position_prefs, capacities)


def peer_assignment(
    student_prefs: list[list[int]], position_prefs: list[list[int]], capacities: list[int]
) -> list[int | None]:
    residents = [Player(s) for s in range(len(student_prefs))]
    hospitals = [Hospital(p, capacity) for p, capacity in enumerate(capacities)]
    for s, prefs in enumerate(student_prefs):
        residents[s].set_prefs([hospitals[p] for p in prefs])
    for p, ranked in enumerate(position_prefs):
        hospitals[p].set_prefs([residents[s] for s in ranked])
    matched = hospital_resident(residents, hospitals, optimal="resident")
    assignment: list[int | None] = [None] * len(student_prefs)
    for hospital, assigned in matched.items():
        for resident in assigned:
            assignment[resident.name] = hospital.name
    return assignment


@settings(max_examples=150, deadline=None)
@given(instances())
def test_equals_the_peer_package_when_positions_rank_all_applicants(
    instance: tuple[list[list[int]], list[list[int]], list[int]],
) -> None:
    student_prefs, _, capacities = instance
    # the peer requires each hospital to rank every resident who ranked it, non-empty lists and
    # capacities of at least one (an empty hospital has no "worst match" there)
    capacities = [max(1, capacity) for capacity in capacities]
    position_prefs = [
        [s for s, prefs in enumerate(student_prefs) if p in prefs][::-1] for p in range(len(capacities))
    ]
    keep = [s for s, prefs in enumerate(student_prefs) if prefs]
    student_prefs = [student_prefs[s] for s in keep]
    position_prefs = [[keep.index(s) for s in ranked if s in keep] for ranked in position_prefs]
    assert deferred_acceptance(student_prefs, position_prefs, capacities) == peer_assignment(
        student_prefs, position_prefs, capacities
    )


def test_a_known_instance_by_hand() -> None:
    """Three students, two positions of one place: s1 and s2 both want p1, which prefers s2."""
    instance = parse_instance(
        {
            "students": [
                {"id": "s1", "prefs": ["p1", "p2"]},
                {"id": "s2", "prefs": ["p1"]},
                {"id": "s3", "prefs": ["p2"]},
            ],
            "positions": [
                {"id": "p1", "capacity": 1, "prefs": ["s2", "s1"]},
                {"id": "p2", "capacity": 1, "prefs": ["s1", "s3"]},
            ],
        }
    )
    assert solve(instance) == {"s1": "p2", "s2": "p1", "s3": None}
    # s3 at p2 instead of s1 is not stable: p2 prefers s1, who prefers p2 to nothing
    unstable = check(instance, {"s1": None, "s2": "p1", "s3": "p2"})
    assert [(pair.student, pair.position) for pair in unstable] == [("s1", "p2")]


def test_blocking_pair_check_refuses_an_infeasible_claim() -> None:
    with pytest.raises(ValueError, match="capacity"):
        blocking_pairs([[0], [0]], [[0, 1]], [1], [0, 0])
    with pytest.raises(ValueError, match="mutual"):
        blocking_pairs([[0], []], [[0, 1]], [2], [0, 0])


@pytest.mark.parametrize(
    ("instance", "message"),
    [
        ({"students": [], "positions": {}}, "positions: expected a list"),
        (
            {"students": [{"id": "s1"}, {"id": "s1"}], "positions": []},
            r"students\[1\]\.id: duplicate id 's1'",
        ),
        (
            {"students": [{"id": "s1", "prefs": ["p9"]}], "positions": [{"id": "p1", "capacity": 1}]},
            r"students\[0\]\.prefs\[0\]: unknown position id 'p9'",
        ),
        (
            {"students": [], "positions": [{"id": "p1", "capacity": -1}]},
            r"positions\[0\]\.capacity: must not be negative \(got -1\)",
        ),
        ({"students": [], "positions": [{"id": "p1", "capacity": "5"}]}, "capacity: expected a whole number"),
        (
            {"students": [{"id": "s1", "prefs": ["p1", "p1"]}], "positions": [{"id": "p1", "capacity": 1}]},
            r"students\[0\]\.prefs\[1\]: 'p1' is listed twice",
        ),
        (
            {
                "students": [{"id": "s1", "prefs": ["p1"]}],
                "positions": [{"id": "p1", "capacity": 1, "prefs": ["s7"]}],
            },
            r"positions\[0\]\.prefs\[0\]: unknown student id 's7'",
        ),
        ({"students": [{"name": "s1"}], "positions": []}, r"students\[0\]\.id: expected a non-empty string"),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_malformed_instances_are_refused_naming_the_entry(instance: object, message: str) -> None:
    with pytest.raises(InstanceError, match=message):
        parse_instance(instance)


def test_a_position_ranking_a_non_applicant_is_refused_when_checked() -> None:
    instance = parse_instance(
        {"students": [{"id": "s1"}], "positions": [{"id": "p1", "capacity": 1, "prefs": ["s1"]}]}
    )
    assert solve(instance) == {"s1": None}
    with pytest.raises(
        InstanceError, match=r"positions\[0\]\.prefs\[0\]: student 's1' did not list this position"
    ):
        check_applicants_only(instance)


def run_cli(*arguments: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iehub", "match", *arguments],
        capture_output=True,
        text=True,
        input=stdin,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")},
    )


def test_cli_solves_the_contract_example(tmp_path: Path) -> None:
    source = tmp_path / "instance.json"
    source.write_text(
        json.dumps(
            {
                "students": [{"id": "s1", "prefs": ["p3", "p9"]}, {"id": "s2", "prefs": ["p3"]}],
                "positions": [
                    {"id": "p3", "capacity": 1, "prefs": ["s1", "s2"]},
                    {"id": "p9", "capacity": 5, "prefs": ["s1"]},
                ],
            }
        )
    )
    target = tmp_path / "result.json"
    completed = run_cli("solve", "--input", str(source), "--output", str(target), "--verify")
    assert completed.returncode == 0, completed.stderr
    assert json.loads(target.read_text()) == {"assignment": {"s1": "p3", "s2": None}}
    assert "stable" in completed.stderr


def test_cli_does_not_import_django() -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.argv=['iehub','match','solve','--input','-','--output','-'];"
            "import iehub.__main__ as m\ntry:\n m.main()\nexcept SystemExit: pass\n"
            "print(sorted(n for n in sys.modules if n.split('.')[0] in {'django','numpy','scipy'}))",
        ],
        capture_output=True,
        text=True,
        input='{"students":[],"positions":[]}',
        check=False,
    )
    assert completed.stdout.strip().splitlines()[-1] == "[]", completed.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"students": [', "is not valid JSON"),
        ('{"students": [], "positions": [{"id": "p", "capacity": -3}]}', "must not be negative"),
    ],
)
def test_cli_refuses_bad_input_with_one_line_and_writes_nothing(
    tmp_path: Path, content: str, message: str
) -> None:
    source = tmp_path / "instance.json"
    source.write_text(content)
    target = tmp_path / "result.json"
    completed = run_cli("solve", "--input", str(source), "--output", str(target))
    assert completed.returncode == 2
    assert message in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1
    assert "Traceback" not in completed.stderr
    assert not target.exists()


def test_cli_names_a_missing_file(tmp_path: Path) -> None:
    completed = run_cli("solve", "--input", str(tmp_path / "nope.json"), "--output", "-")
    assert completed.returncode == 2
    assert "cannot read" in completed.stderr and "nope.json" in completed.stderr


def test_an_oversized_instance_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from iehub import match_cli

    source = tmp_path / "big.json"
    source.write_text('{"students": [], "positions": []}' + " " * 100)
    monkeypatch.setattr(match_cli, "MAX_INSTANCE_BYTES", 64)
    assert match_cli.solve_command(str(source), str(tmp_path / "out.json"), verify=False) == 2
    assert "larger than" in capsys.readouterr().err
    assert not (tmp_path / "out.json").exists()
