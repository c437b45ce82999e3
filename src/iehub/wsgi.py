"""WSGI application for production servers (gunicorn, uwsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from iehub.core.startup import refuse_to_serve_without_secret_key, warm_up

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iehub.settings")
application = get_wsgi_application()
refuse_to_serve_without_secret_key()
warm_up()  # before gunicorn forks its workers (preload_app): each starts warm
