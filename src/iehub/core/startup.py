"""Guards that run when a server process starts, not on every management command."""

from __future__ import annotations

import gc
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template import engines
from django.urls import get_resolver
from django.utils import translation


def refuse_to_serve_without_secret_key() -> None:
    """A production server with the public development key would let anyone forge sessions."""
    if settings.SECRET_KEY_MISSING and not settings.DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see docs/deployment.md).")


def warm_up() -> None:
    """Do before the first request what the first request of every worker process would otherwise pay
    (0.75–0.83 s measured on the 2-core machine): import every view through the URLconf and build its
    reverse lookups in each language, read both translation catalogues, build every model's field maps,
    compile the project's templates. Under gunicorn's ``preload_app`` the master does it once and every
    forked worker starts warm — also the one that replaces a worker recycled after ``max_requests``
    (without this, one request in ~2,000 took a second). No database connection is opened: the forks
    would share it.

    Last, what the master holds is frozen out of the garbage collector (``gc.freeze``): ~325,000
    objects that live as long as the process, which every full collection in every worker walked again
    (~140 ms each on the 2-core machine, a spike on whichever request triggered it) and whose reference
    counts it wrote, copying the master's memory pages into each worker."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 — resolving the URLconf imports every view module
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Dashboard")
            resolver.reverse_dict  # noqa: B018 — the reverse lookups, built once per language
    for model in apps.get_models():  # every model's fields and reverse relations (~0.17 s the first query)
        model._meta.get_fields()
    engine = engines["django"]
    for directory in engine.dirs:
        root = Path(directory)
        for path in sorted(root.rglob("*.html")):
            engine.get_template(path.relative_to(root).as_posix())
    gc.collect()  # what is garbage now is not frozen with the rest
    gc.freeze()
