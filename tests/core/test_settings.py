"""Production settings pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys


def run_iehub(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-m", "iehub", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_iehub(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x7" * 30 + "-production-secret-Q9",
        ALLOWED_HOSTS="iehub.example.edu.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_serve_without_a_secret_key():
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "SECRET_KEY"}
    }
    for module in ("iehub.wsgi", "iehub.asgi"):
        result = subprocess.run(
            [sys.executable, "-c", f"import {module}"],
            env={**clean, "DEBUG": "0"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr
    deploy = run_iehub("check", "--deploy", DEBUG="0", SECRET_KEY="", ALLOWED_HOSTS="iehub.example.edu.cn")
    assert deploy.returncode != 0
    assert "iehub.E001" in deploy.stderr + deploy.stdout


def test_management_commands_run_without_configuration():
    result = run_iehub("makemigrations", "--check", "--dry-run", DEBUG="0", SECRET_KEY="")
    assert result.returncode == 0, result.stdout + result.stderr
