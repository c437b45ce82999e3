"""ASGI application for uvicorn and other ASGI servers."""

import os

from django.core.asgi import get_asgi_application

from iehub.core.startup import refuse_to_serve_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iehub.settings")
application = get_asgi_application()
refuse_to_serve_without_secret_key()
