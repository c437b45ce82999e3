"""The layer order is enforced, not just written down: ``lint-imports`` (run by ``make lint``, hence by
``make test``) passes on the tree and fails as soon as a lower layer imports a higher one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(source_root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        env=env,
        cwd=source_root,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is in the [dev] extra")
@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("core/models.py", "import iehub.web.navigation"),
        ("accounts/models.py", "from iehub.curriculum import models as curriculum_models"),
        ("demand/models.py", "import iehub.curriculum.alerts"),
        ("engines/surge.py", "import django.db"),
    ],
)
def test_an_upward_import_breaks_the_contracts(tmp_path, module, upward):
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "iehub", copy / "iehub", ignore=shutil.ignore_patterns("__pycache__"))
    assert _lint(copy).returncode == 0, "the tree as committed must pass"
    target = copy / "iehub" / module
    target.write_text(target.read_text() + f"\n{upward}  # an upward import\n")
    result = _lint(copy)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


ROLE_VALUES = (
    "college_admin|program_lead|teacher|student|enterprise_admin|enterprise_mentor|"
    "government_officer|consortium_officer|staff"
)
# A role value compared with or assigned to something called role (Python or a template).
ROLE_LITERAL = __import__("re").compile(
    rf"""role\w*\s*(==|!=|=|\bin\b)\s*[\(\[{{]?\s*["']({ROLE_VALUES})["']|["']({ROLE_VALUES})["']\s*in\s+\w*roles"""
)


def test_no_role_literal_outside_roles_and_permissions():
    """Role names are spelled once (accounts/roles.py) and role rules live in permissions.py."""
    allowed = {"accounts/roles.py"}
    offenders = []
    for path in sorted((ROOT / "src" / "iehub").rglob("*")):
        relative = path.relative_to(ROOT / "src" / "iehub").as_posix()
        if path.suffix not in (".py", ".html") or "migrations/" in relative or relative in allowed:
            continue
        if relative.endswith("permissions.py"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if ROLE_LITERAL.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []
