"""Console entry point: ``iehub <command>`` is Django's ``manage.py`` for this project."""

import os
import sys


def main() -> None:
    """Run a Django management command with iehub's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iehub.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0] or "iehub", *sys.argv[1:]])


if __name__ == "__main__":
    main()
