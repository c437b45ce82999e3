"""Student-optimal stable allocation (deferred acceptance, many-to-one, incomplete lists).

Centralised internship placement is the college-admissions problem of Gale and Shapley (1962): students
rank the positions they would take, each position ranks the students who applied to it and has a
capacity. Student-proposing deferred acceptance gives the *student-optimal* stable allocation: no
student and position would both rather be matched to each other than keep what they got (no blocking
pair), and every student gets the best position they can get in any stable allocation. It is also
strategy-proof for students, so telling them "rank honestly" is sound advice.

The implementation is McVitie and Wilson's sequential form: free students propose one at a time down
their lists; each position keeps a heap of the students it holds with the worst on top, so a proposal
costs one dictionary lookup and one heap operation. Ids are mapped to integers once; a position's
ranking is a dictionary from student index to rank. The work is linear in the total length of the lists,
which keeps 50,000 students × 5,000 positions to about a second in plain Python (bench/matching).

Ties are not this function's business: a position's list is a strict order. Rounds that rank by score
break ties before calling it (see ``iehub.matching``: one lottery per round, recorded).

Pure functions, no Django: the ``iehub match solve`` command imports only this module and ``json``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from heapq import heappush, heapreplace
from typing import Any


class InstanceError(ValueError):
    """A malformed instance: the message names the entry (``students[3].prefs[1]``) and what is wrong."""


@dataclass(frozen=True)
class Instance:
    """A validated instance: students' and positions' ordered lists and the positions' capacities."""

    student_ids: tuple[str, ...]
    position_ids: tuple[str, ...]
    student_prefs: tuple[tuple[int, ...], ...]
    position_prefs: tuple[tuple[int, ...], ...]
    capacities: tuple[int, ...]


@dataclass(frozen=True)
class BlockingPair:
    """A student and a position that would both rather be matched to each other."""

    student: str
    position: str


def _entry_id(entry: Any, where: str) -> str:
    if not isinstance(entry, Mapping):
        raise InstanceError(f"{where}: expected an object with an id")
    value = entry.get("id")
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{where}.id: expected a non-empty string")
    return value


def _index_ids(entries: Any, key: str) -> dict[str, int]:
    if not isinstance(entries, list):
        raise InstanceError(f"{key}: expected a list")
    index: dict[str, int] = {}
    for i, entry in enumerate(entries):
        identifier = _entry_id(entry, f"{key}[{i}]")
        if identifier in index:
            raise InstanceError(f"{key}[{i}].id: duplicate id {identifier!r}")
        index[identifier] = i
    return index


def _prefs(entry: Mapping[str, Any], where: str, index: dict[str, int], other: str) -> tuple[int, ...]:
    names = entry.get("prefs", [])
    if not isinstance(names, list):
        raise InstanceError(f"{where}.prefs: expected a list of ids")
    try:
        ranked = tuple(map(index.__getitem__, names))
    except (KeyError, TypeError):
        for j, name in enumerate(names):
            if not isinstance(name, str) or name not in index:
                raise InstanceError(f"{where}.prefs[{j}]: unknown {other} id {name!r}") from None
        raise
    if len(set(ranked)) != len(ranked):
        seen: set[int] = set()
        for j, target in enumerate(ranked):
            if target in seen:
                raise InstanceError(f"{where}.prefs[{j}]: {names[j]!r} is listed twice")
            seen.add(target)
    return ranked


def _capacity(entry: Mapping[str, Any], where: str) -> int:
    capacity = entry.get("capacity")
    if not isinstance(capacity, int) or isinstance(capacity, bool):
        raise InstanceError(f"{where}.capacity: expected a whole number")
    if capacity < 0:
        raise InstanceError(f"{where}.capacity: must not be negative (got {capacity})")
    return capacity


def parse_instance(data: Any) -> Instance:
    """Validate the JSON instance of ``iehub match solve`` and map its ids to indices.

    Refused, naming the entry: a missing or non-list ``students``/``positions``, a duplicate id, an id in
    a list that names no student or position, an id listed twice, a negative or non-integer capacity.
    A position that ranks a student who did not list it is not refused here (such a pair can never be
    matched, so the result is the same) but by ``check_applicants_only``, which ``--verify`` runs: the
    check costs a sixth of a 50,000-student solve.
    """
    if not isinstance(data, Mapping):
        raise InstanceError("instance: expected a JSON object with students and positions")
    students = data.get("students")
    positions = data.get("positions")
    student_index = _index_ids(students, "students")
    position_index = _index_ids(positions, "positions")
    assert isinstance(students, list) and isinstance(positions, list)
    student_prefs = tuple(
        _prefs(entry, f"students[{i}]", position_index, "position") for i, entry in enumerate(students)
    )
    capacities = tuple(_capacity(entry, f"positions[{i}]") for i, entry in enumerate(positions))
    position_prefs = tuple(
        _prefs(entry, f"positions[{i}]", student_index, "student") for i, entry in enumerate(positions)
    )
    return Instance(
        student_ids=tuple(student_index),
        position_ids=tuple(position_index),
        student_prefs=student_prefs,
        position_prefs=position_prefs,
        capacities=capacities,
    )


def check_applicants_only(instance: Instance) -> None:
    """Refuse a position that ranks a student who did not list it (the format says a position ranks only
    its applicants: more usually means the file was built from the wrong round)."""
    applicants: list[list[int]] = [[] for _ in instance.position_prefs]
    for student, prefs in enumerate(instance.student_prefs):
        for position in prefs:
            applicants[position].append(student)
    for p, ranked in enumerate(instance.position_prefs):
        if ranked and not set(applicants[p]).issuperset(ranked):
            listed = set(applicants[p])
            j, student = next((j, s) for j, s in enumerate(ranked) if s not in listed)
            name = instance.student_ids[student]
            raise InstanceError(f"positions[{p}].prefs[{j}]: student {name!r} did not list this position")


def deferred_acceptance(
    student_prefs: Sequence[Sequence[int]],
    position_prefs: Sequence[Sequence[int]],
    capacities: Sequence[int],
) -> list[int | None]:
    """The student-optimal stable assignment: for each student, the index of their position or None.

    ``student_prefs[s]`` lists position indices, best first; ``position_prefs[p]`` lists student indices,
    best first (a student a position does not list is unacceptable to it); ``capacities[p]`` is how many
    students position ``p`` takes.
    """
    ranks = [dict(zip(ranked, range(len(ranked)), strict=True)) for ranked in position_prefs]
    held: list[list[tuple[int, int]]] = [[] for _ in position_prefs]
    next_choice = [0] * len(student_prefs)
    assignment: list[int | None] = [None] * len(student_prefs)
    free = list(range(len(student_prefs) - 1, -1, -1))
    while free:
        student = free.pop()
        prefs = student_prefs[student]
        choice = next_choice[student]
        while choice < len(prefs):
            position = prefs[choice]
            choice += 1
            rank = ranks[position].get(student)
            if rank is None:
                continue
            heap = held[position]
            if len(heap) < capacities[position]:
                heappush(heap, (-rank, student))
                assignment[student] = position
                break
            if heap and -heap[0][0] > rank:
                _, rejected = heapreplace(heap, (-rank, student))
                assignment[student] = position
                assignment[rejected] = None
                free.append(rejected)
                break
        next_choice[student] = choice
    return assignment


def blocking_pairs(
    student_prefs: Sequence[Sequence[int]],
    position_prefs: Sequence[Sequence[int]],
    capacities: Sequence[int],
    assignment: Sequence[int | None],
) -> list[tuple[int, int]]:
    """Every (student, position) pair that blocks ``assignment``; an empty list proves it stable.

    A pair blocks when the student lists the position above what they got (or got nothing), the position
    lists the student, and the position has a free place or holds someone it ranks below the student.
    The check also fails an assignment that breaks a capacity or places a student where either side did
    not list the other, so it verifies any claimed allocation, not only this module's.
    """
    ranks = [dict(zip(ranked, range(len(ranked)), strict=True)) for ranked in position_prefs]
    _check_feasible(student_prefs, ranks, capacities, assignment)
    load = [0] * len(position_prefs)
    worst = [-1] * len(position_prefs)
    for student, position in enumerate(assignment):
        if position is not None:
            load[position] += 1
            worst[position] = max(worst[position], ranks[position][student])
    pairs: list[tuple[int, int]] = []
    for student, prefs in enumerate(student_prefs):
        current = assignment[student]
        for position in prefs:
            if position == current:
                break
            rank = ranks[position].get(student)
            if rank is None:
                continue
            if load[position] < capacities[position] or rank < worst[position]:
                pairs.append((student, position))
    return pairs


def _check_feasible(
    student_prefs: Sequence[Sequence[int]],
    ranks: Sequence[Mapping[int, int]],
    capacities: Sequence[int],
    assignment: Sequence[int | None],
) -> None:
    if len(assignment) != len(student_prefs):
        raise ValueError("the assignment must have one entry per student")
    load = [0] * len(capacities)
    for student, position in enumerate(assignment):
        if position is None:
            continue
        if position not in student_prefs[student] or student not in ranks[position]:
            raise ValueError(f"student {student} is placed at position {position} without mutual listing")
        load[position] += 1
        if load[position] > capacities[position]:
            raise ValueError(f"position {position} holds more students than its capacity")


def solve(instance: Instance) -> dict[str, str | None]:
    """The student-optimal stable assignment of a validated instance, by id (None: unassigned)."""
    assignment = deferred_acceptance(instance.student_prefs, instance.position_prefs, instance.capacities)
    positions = instance.position_ids
    return {
        student: None if position is None else positions[position]
        for student, position in zip(instance.student_ids, assignment, strict=True)
    }


def check(instance: Instance, assignment: Mapping[str, str | None]) -> list[BlockingPair]:
    """The blocking pairs of an assignment given by id (the CLI's ``--verify`` and the rounds' proof)."""
    position_index = {identifier: i for i, identifier in enumerate(instance.position_ids)}
    indices = [
        None if assignment.get(student) is None else position_index[str(assignment[student])]
        for student in instance.student_ids
    ]
    pairs = blocking_pairs(instance.student_prefs, instance.position_prefs, instance.capacities, indices)
    return [BlockingPair(instance.student_ids[s], instance.position_ids[p]) for s, p in pairs]
