import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict.settings")
application = get_wsgi_application()

from conflict.startup import announce_mode  # noqa: E402  (needs the settings configured above)

announce_mode()
