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
