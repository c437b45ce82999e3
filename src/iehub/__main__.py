"""Console entry point: ``iehub <command>`` is Django's ``manage.py`` for this project."""

import os
import sys

from iehub.match_cli import main as match_main


def main() -> None:
    """Run a Django management command with iehub's settings.

    ``iehub match …`` is the exception: the stable-allocation solver runs without Django, so that its
    start-up stays Python's own (it is benchmarked whole, start-up included).
    """
    if sys.argv[1:2] == ["match"]:
        raise SystemExit(match_main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iehub.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0] or "iehub", *sys.argv[1:]])


if __name__ == "__main__":
    main()
