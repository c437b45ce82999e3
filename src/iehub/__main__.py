"""Console entry point: ``iehub <command>`` is Django's ``manage.py`` for this project."""

import importlib
import os
import sys

# Commands that run without Django, each importing only what it needs: ``match`` (the allocation solver,
# benchmarked whole, start-up included) must not pay for numpy and scipy, which ``stats`` needs. The
# module is imported by name when its command is run, so one command's imports never slow the other.
DJANGO_FREE = {"match": "iehub.match_cli", "stats": "iehub.stats_cli"}


def main() -> None:
    """Run a Django management command with iehub's settings, or one of the Django-free commands."""
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command in DJANGO_FREE:
        raise SystemExit(importlib.import_module(DJANGO_FREE[command]).main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iehub.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0] or "iehub", *sys.argv[1:]])


if __name__ == "__main__":
    main()
