"""What a town's own website embeds: the services widget (``/embed/services.js``), its iframe
variant (``/embed/services``) and the public JSON they read (``/api/public/v1/services``).

No sign-in, no cookies, readable from any origin (CORS: GET and OPTIONS, no credentials), and
the widget's two routes may be framed by any site; every other route still refuses framing
(``app.security``). Cached: ETag and max-age, conditional requests answered 304.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("embed", __name__)


from app.web.embed import views  # noqa: E402,F401  (routes register on import)
