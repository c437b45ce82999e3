"""Print which iehub packages import which (imports that run, not those under ``TYPE_CHECKING``) and
every import that sits inside a function — the measurements behind docs/architecture.md.

Usage: python tools/import_graph.py
"""

from __future__ import annotations

import ast
import collections
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1] / "src" / "iehub"


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            lines |= {getattr(n, "lineno", 0) for n in ast.walk(node)}
    return lines


def main() -> None:
    edges: dict[str, set[str]] = collections.defaultdict(set)
    inner: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "migrations" in parts:
            continue
        package = parts[0] if len(parts) > 1 else path.stem
        tree = ast.parse(path.read_text())
        skip = _type_checking_lines(tree)
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for func in functions:
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("iehub"):
                    inner.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.module}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and node.lineno not in skip:
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for name in names:
                    if name.startswith("iehub.") and name.split(".")[1] != package:
                        edges[package].add(name.split(".")[1])
    for package in sorted(edges):
        print(f"{package} -> {', '.join(sorted(edges[package]))}")
    print(f"\n{len(inner)} iehub imports inside functions:")
    print("\n".join(inner))


if __name__ == "__main__":
    main()
