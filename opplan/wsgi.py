"""WSGI entry point: `gunicorn opplan.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opplan.settings")

application = get_wsgi_application()
