"""``iehub stats METHOD --input FILE.csv [options]``: survey statistics on a CSV file, one JSON object out.

Dispatched by ``iehub.__main__`` before Django is set up (like ``iehub match``): the same pure functions
the analysis pages use (``iehub.engines.statistics`` and ``iehub.engines.reliability``) serve scripts and
checks. Contract (docs/surveys.md)::

    alpha --items q1,q2,… [--missing listwise|pairwise]
                                                → {"alpha", "ci": [lo, hi], "alpha_if_deleted": {…}, "n"}
    kmo --items …                               → {"kmo", "kmo_per_item": {…},
                                                   "bartlett": {"chi2", "dof", "p"}, "n"}
    efa --items … --factors K --method minres|principal|ml --rotation varimax|promax|none
                                                → {"loadings": {item: [..K]}, "communalities": {…},
                                                   "eigenvalues": [..], "n"}
    icc  (long CSV target,rater,rating)         → {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k", "n"}
    krippendorff --level nominal|ordinal|interval → {"alpha", "n"}   (rows = raters, columns = units)
    freq --columns A,B                          → {A: {"n", "total", "values": [{"value", "n", "percent",
                                                   "valid_percent"}]}, …}
    crosstab --row A --col B                    → {"chi2", "dof", "p", "cramers_v", "n"}
    anova --dv Y --between G [--welch]          → {"F", "p", "df1", "df2", "n"}
    ttest --dv Y --between G [--welch]          → {"t", "p", "df", "n"}

Bad input (a missing file or column, a non-number where a number belongs) exits with status 2 and one
line naming the column and row.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from iehub.cli_input import read_capped
from iehub.engines import reliability, statistics

MAX_BYTES = 50 * 1024 * 1024


class InputError(ValueError):
    """Bad input: the message names the column and the row."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="iehub stats", description="Survey statistics on a CSV file.")
    methods = parser.add_subparsers(dest="command", required=True)

    def method(name: str, description: str) -> argparse.ArgumentParser:
        sub = methods.add_parser(name, help=description, description=description)
        sub.add_argument(
            "--input", required=True, help="CSV file (UTF-8, header row; '-' reads standard input)"
        )
        return sub

    alpha = method("alpha", "Cronbach's alpha with its interval and alpha if an item is deleted")
    alpha.add_argument("--items", required=True)
    alpha.add_argument("--missing", choices=("listwise", "pairwise"), default="pairwise")
    method("kmo", "Kaiser-Meyer-Olkin sampling adequacy and Bartlett's sphericity test").add_argument(
        "--items", required=True
    )
    efa = method("efa", "exploratory factor analysis")
    efa.add_argument("--items", required=True)
    efa.add_argument("--factors", type=int, required=True)
    efa.add_argument("--method", choices=("minres", "principal", "ml"), default="minres")
    efa.add_argument("--rotation", choices=("varimax", "promax", "none"), default="varimax")
    method("icc", "the six intraclass correlations of a long table target,rater,rating")
    method("krippendorff", "Krippendorff's alpha of a raters x units table").add_argument(
        "--level", choices=("nominal", "ordinal", "interval", "ratio"), default="interval"
    )
    method("freq", "frequency table (n and %) of one or more categorical columns").add_argument(
        "--columns", required=True
    )
    crosstab = method("crosstab", "Pearson's chi-square and Cramer's V of two categorical columns")
    crosstab.add_argument("--row", required=True)
    crosstab.add_argument("--col", required=True)
    for name, description in (("anova", "one-way ANOVA or Welch's ANOVA"), ("ttest", "independent t-test")):
        sub = method(name, description)
        sub.add_argument("--dv", required=True)
        sub.add_argument("--between", required=True)
        sub.add_argument("--welch", action="store_true")
    return parser


def read_csv(source: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a UTF-8 CSV (a BOM is dropped); NUL bytes and oversized files are refused."""
    try:
        raw = read_capped(source, MAX_BYTES, f"{MAX_BYTES // (1024 * 1024)} MB")
    except ValueError as error:
        raise InputError(str(error)) from None
    if b"\x00" in raw:
        raise InputError(f"{source} contains NUL bytes: not a CSV text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{source} is not UTF-8 text") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise InputError(f"{source} is empty")
    header = [cell.strip() for cell in rows[0]]
    return header, [row for row in rows[1:] if any(cell.strip() for cell in row)]


def _column(header: list[str], name: str) -> int:
    if name not in header:
        raise InputError(f"column {name!r} is not in the header ({', '.join(header)})")
    return header.index(name)


def _number(cell: str, column: str, row: int) -> float:
    text = cell.strip()
    if not text:
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"column {column!r}, row {row}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise InputError(f"column {column!r}, row {row}: {text!r} is not a finite number")
    return value


def _cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def numeric_columns(header: list[str], rows: list[list[str]], names: Sequence[str]) -> np.ndarray:
    """The named columns as a float matrix (empty cells are missing); rows are numbered as in the file."""
    indices = [_column(header, name) for name in names]
    return np.array(
        [
            [_number(_cell(row, i), name, n) for i, name in zip(indices, names, strict=True)]
            for n, row in enumerate(rows, 2)
        ],
        dtype=float,
    ).reshape(len(rows), len(names))


def _items(option: str) -> list[str]:
    names = [name.strip() for name in option.split(",") if name.strip()]
    if len(names) < 2:
        raise InputError("--items: name at least two columns, separated by commas")
    if len(set(names)) != len(names):
        raise InputError("--items: a column is named twice")
    return names


def _alpha(header: list[str], rows: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
    names = _items(args.items)
    result = statistics.cronbach_alpha(numeric_columns(header, rows, names), missing=args.missing)
    return {
        "alpha": result.alpha,
        "ci": list(result.ci),
        "alpha_if_deleted": dict(zip(names, result.alpha_if_deleted, strict=True)),
        "n": result.n,
    }


def _kmo(header: list[str], rows: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
    names = _items(args.items)
    result = statistics.kmo_bartlett(numeric_columns(header, rows, names))
    return {
        "kmo": result.kmo,
        "kmo_per_item": dict(zip(names, result.per_item, strict=True)),
        "bartlett": {"chi2": result.chi2, "dof": result.dof, "p": result.p},
        "n": result.n,
    }


def _efa(header: list[str], rows: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
    names = _items(args.items)
    result = statistics.efa(numeric_columns(header, rows, names), args.factors, args.method, args.rotation)
    return {
        "loadings": {
            name: [float(v) for v in line] for name, line in zip(names, result.loadings, strict=True)
        },
        "communalities": dict(zip(names, result.communalities, strict=True)),
        "eigenvalues": list(result.eigenvalues),
        "n": result.n,
    }


def _icc(header: list[str], rows: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
    target, rater, rating = (_column(header, name) for name in ("target", "rater", "rating"))
    table: dict[str, dict[str, float]] = {}
    raters: dict[str, None] = {}
    for n, row in enumerate(rows, 2):
        key, who = _cell(row, target).strip(), _cell(row, rater).strip()
        if not key or not who:
            raise InputError(f"row {n}: target and rater are needed")
        if who in table.setdefault(key, {}):
            raise InputError(f"row {n}: rater {who!r} rated target {key!r} twice")
        table[key][who] = _number(_cell(row, rating), "rating", n)
        raters[who] = None
    scores = [[found.get(r, math.nan) for r in raters] for found in table.values()]
    forms = reliability.intraclass_correlations(scores)
    complete = sum(1 for line in scores if not any(math.isnan(v) for v in line))
    return {**{form.form: form.value for form in forms}, "n": complete}


def _krippendorff(header: list[str], rows: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
    table = numeric_columns(header, rows, header)
    return {"alpha": reliability.krippendorff_alpha(table, args.level), "n": int((~np.isnan(table)).sum())}


def _freq(header: list[str], rows: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
    names = [name.strip() for name in args.columns.split(",") if name.strip()]
    if not names:
        raise InputError("--columns: name at least one column")
    result: dict[str, Any] = {}
    for name in names:
        index = _column(header, name)
        table, answered, total = statistics.frequencies([_cell(r, index).strip() for r in rows])
        result[name] = {
            "n": answered,
            "total": total,
            "values": [
                {"value": f.value, "n": f.count, "percent": f.percent, "valid_percent": f.valid_percent}
                for f in table
            ],
        }
    return result


def _crosstab(header: list[str], rows: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
    a, b = _column(header, args.row), _column(header, args.col)
    result = statistics.crosstab([_cell(r, a).strip() for r in rows], [_cell(r, b).strip() for r in rows])
    return {
        "chi2": result.chi2,
        "dof": result.dof,
        "p": result.p,
        "cramers_v": result.cramers_v,
        "n": result.n,
    }


def _grouped(
    header: list[str], rows: list[list[str]], args: argparse.Namespace
) -> tuple[list[float], list[str]]:
    values = numeric_columns(header, rows, [args.dv])[:, 0].tolist()
    group = _column(header, args.between)
    return values, [_cell(r, group).strip() for r in rows]


def _anova(header: list[str], rows: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
    result = statistics.anova(*_grouped(header, rows, args), welch=args.welch)
    return {"F": result.f, "p": result.p, "df1": result.df1, "df2": result.df2, "n": result.n}


def _ttest(header: list[str], rows: list[list[str]], args: argparse.Namespace) -> dict[str, Any]:
    result = statistics.ttest(*_grouped(header, rows, args), welch=args.welch)
    return {"t": result.t, "p": result.p, "df": result.df, "n": result.n}


METHODS: dict[str, Callable[[list[str], list[list[str]], argparse.Namespace], dict[str, Any]]] = {
    "alpha": _alpha,
    "kmo": _kmo,
    "efa": _efa,
    "icc": _icc,
    "krippendorff": _krippendorff,
    "freq": _freq,
    "crosstab": _crosstab,
    "anova": _anova,
    "ttest": _ttest,
}


def _finite(value: Any) -> Any:
    """JSON has no NaN: an undefined statistic (alpha if deleted with two items) is null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def main(argv: Sequence[str]) -> int:
    """Run one method; print its JSON object (status 0) or one line saying what is wrong (status 2)."""
    args = _parser().parse_args(list(argv))
    try:
        header, rows = read_csv(args.input)
        result = METHODS[args.command](header, rows, args)
    except (InputError, ValueError) as error:
        print(f"iehub stats {args.command}: error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(_finite(result), ensure_ascii=False))
    return 0
