"""Console entry point: ``iehub <command>`` is Django's ``manage.py`` for this project."""

import os
import sys

from iehub.match_cli import main as match_main
from iehub.stats_cli import main as stats_main


def main() -> None:
    """Run a Django management command with iehub's settings.

    ``iehub match …`` and ``iehub stats …`` are the exceptions: the stable-allocation solver and the
    survey statistics run without Django, so that their start-up stays small (the solver is benchmarked
    whole, start-up included) and scripts can call them on a machine without a database.
    """
    if sys.argv[1:2] == ["match"]:
        raise SystemExit(match_main(sys.argv[2:]))
    if sys.argv[1:2] == ["stats"]:
        raise SystemExit(stats_main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iehub.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0] or "iehub", *sys.argv[1:]])


if __name__ == "__main__":
    main()
