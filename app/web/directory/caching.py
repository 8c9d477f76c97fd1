"""Cache headers of the public directory: an ETag of the body, ``Cache-Control: max-age``, and a
conditional request answered 304 without the body, so a town's busy front page costs Veturi
little (and a browser or proxy nothing while the copy is fresh)."""

from __future__ import annotations

from flask import Response, request

PUBLIC_MAX_AGE = 300  # the widget, its JSON and its iframe: five minutes in any cache
PAGE_MAX_AGE = 60  # the public pages: a minute, in the browser only (their language may vary)


def cached(response: Response, *, max_age: int, shared: bool = True) -> Response:
    """The response with its ETag and cache lifetime, made conditional on the request's
    ``If-None-Match`` (304) — ``security`` then leaves these Cache-Control headers alone."""
    response.add_etag()
    response.headers["Cache-Control"] = f"{'public' if shared else 'private'}, max-age={max_age}"
    if not shared:
        response.vary.add("Cookie")
    return response.make_conditional(request)
