"""Settings for the test suite: the real settings, with development defaults and a fast hasher.

Argon2 stays the production hasher (``tests/core/test_auth.py`` checks it); the suite creates hundreds
of users and would spend most of its time hashing.
"""

import os

os.environ.setdefault("DEBUG", "1")

from iehub.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
