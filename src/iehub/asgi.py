"""ASGI application for uvicorn and other ASGI servers.

The documented production server is gunicorn (WSGI, ``iehub.gunicorn_conf``). Under ASGI the views
run in a thread pool whose threads do not release persistent database connections reliably, so this
entry point turns them off (``DB_CONN_MAX_AGE=0``): one connection per request, never a pile-up.
"""

import os

os.environ["DB_CONN_MAX_AGE"] = "0"

from django.core.asgi import get_asgi_application

from iehub.core.startup import refuse_to_serve_without_secret_key, warm_up

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iehub.settings")
application = get_asgi_application()
refuse_to_serve_without_secret_key()
warm_up()  # before gunicorn forks its workers (preload_app): each starts warm
