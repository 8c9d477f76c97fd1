"""HTTP plumbing shared by the connectors: timeouts, polite retries and JSON decoding.

Every public source Veturi reads is an undocumented site or API that sometimes times out, answers
429 or 5xx, or serves an HTML error page instead of JSON. The connectors must survive the
transient cases and report the others clearly, so every request goes through ``request()`` here:

* each request has a timeout (the session's default unless the caller gives one) on every read,
  and an overall deadline (``DEFAULT_DEADLINE`` seconds unless the session says otherwise) on the
  whole answer, headers and body: a source that trickles a byte every few seconds never trips a
  per-read timeout, so without it one slow source would hold the harvest for as long as it likes;
* timeouts, connection errors, broken bodies, 429 and 5xx are retried with exponential backoff,
  honouring ``Retry-After`` (seconds or an HTTP date), each wait capped at ``max_delay``;
* other 4xx answers raise ``SourceError(retryable=False)`` at once (retrying cannot help);
* when the retries are spent, ``SourceError(retryable=True)`` is raised with the cause chained;
  a request that overran its deadline is not retried (a retry would trickle just as long).

The sleep function is injectable so tests never wait.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError

from connectors.errors import SourceError, SourceFormatError

DEFAULT_USER_AGENT = "Veturi/0.1 (+https://veturi.example)"
DEFAULT_DEADLINE = 120.0  # seconds for one whole answer (headers and body), per request
_CHUNK = 64 * 1024

Sleep = Callable[[float], None]
Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try one request: the per-read timeout, attempts after the first, base delay
    and cap of the waits, and the deadline of one whole answer (seconds; None: none)."""

    timeout: float = 20.0
    retries: int = 4
    deadline: float | None = DEFAULT_DEADLINE
    backoff: float = 1.0
    max_delay: float = 60.0
    sleep: Sleep = time.sleep
    clock: Clock = _utcnow

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds before retry ``attempt`` (0-based): Retry-After if given, else 2**n backoff."""
        wanted = retry_after if retry_after is not None else self.backoff * (2**attempt)
        return max(0.0, min(self.max_delay, wanted))


class DeadlineExceeded(requests.Timeout):
    """The whole answer (headers and body) did not arrive within the session's deadline."""


def _body(response: requests.Response, give_up: threading.Event) -> bytes:
    """Read a streamed body as it arrives (``read1``: whatever one read brings, so a trickle is
    checked after every byte), with the errors ``requests`` itself raises for a broken body."""
    chunks: list[bytes] = []
    try:
        while not give_up.is_set():
            chunk = response.raw.read1(_CHUNK, decode_content=True)
            if not chunk:
                break
            chunks.append(chunk)
    except ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(exc) from exc
    except DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc) from exc
    except ReadTimeoutError as exc:
        raise requests.ConnectionError(exc) from exc
    except SSLError as exc:
        raise requests.exceptions.SSLError(exc) from exc
    return b"".join(chunks)


def _within(deadline: float, send: Callable[[], requests.Response], what: str) -> requests.Response:
    """``send()`` (a streamed request) and read its body, all within ``deadline`` seconds.

    A worker thread does the reading because a socket read cannot be interrupted from here: at
    the deadline the caller gets ``DeadlineExceeded`` at once, and the worker stops at its next
    read (after the next trickled byte, or the per-read timeout) and closes the connection.
    """
    outcome: dict[str, Any] = {}
    give_up = threading.Event()

    def work() -> None:
        try:
            response = send()
            content = _body(response, give_up)
            if give_up.is_set():  # the caller has gone: hang up on the source
                response.close()
                return
            response._content = content  # what ``response.content`` would have read
            response._content_consumed = True
            response.raw.release_conn()  # the body is read: the connection can be reused
            outcome["response"] = response
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="veturi-http-read", daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        give_up.set()
        late = outcome.get("response")
        if late is not None:  # finished between the wait and now: still too late, let it go
            late.close()
        raise DeadlineExceeded(f"{what} gave no complete answer within {deadline:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["response"]


class VeturiSession(requests.Session):
    """A ``requests.Session`` that carries its retry policy and applies its default timeout
    (on every read) and its deadline (on the whole answer)."""

    def __init__(self, policy: RetryPolicy) -> None:
        super().__init__()
        self.policy = policy

    def request(  # type: ignore[override]
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        """Send with the policy's timeout unless the caller set one (no read may hang), and read
        the whole answer within the policy's deadline (no request may trickle on). A caller that
        asks for ``stream=True`` reads the body itself and gets only the per-read timeout."""
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.policy.timeout
        deadline = self.policy.deadline
        if deadline is None or kwargs.get("stream"):
            return super().request(method, url, *args, **kwargs)
        kwargs["stream"] = True
        send = super().request
        method_name = method.decode() if isinstance(method, bytes) else method
        url_text = url.decode() if isinstance(url, bytes) else url
        return _within(deadline, lambda: send(method, url, *args, **kwargs),
                       f"{method_name} {url_text}")


def make_session(
    *,
    timeout: float = 20,
    retries: int = 4,
    backoff: float = 1.0,
    user_agent: str = DEFAULT_USER_AGENT,
    max_delay: float = 60.0,
    sleep: Sleep = time.sleep,
    clock: Clock = _utcnow,
    deadline: float | None = DEFAULT_DEADLINE,
) -> requests.Session:
    """Build the session every connector receives; tests pass ``sleep`` to record waits.

    ``timeout`` bounds each read, ``deadline`` each whole answer (None: no deadline)."""
    policy = RetryPolicy(
        timeout=timeout,
        retries=retries,
        deadline=deadline,
        backoff=backoff,
        max_delay=max_delay,
        sleep=sleep,
        clock=clock,
    )
    session = VeturiSession(policy)
    session.headers["User-Agent"] = user_agent
    return session


def policy_of(http: requests.Session) -> RetryPolicy:
    """The session's retry policy, or the defaults for a plain ``requests.Session``."""
    policy = getattr(http, "policy", None)
    return policy if isinstance(policy, RetryPolicy) else RetryPolicy()


def pause(http: requests.Session, seconds: float) -> None:
    """Be polite between pages, through the session's (injectable) sleep."""
    if seconds > 0:
        policy_of(http).sleep(seconds)


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or HTTP date), or None."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


_RETRYABLE_EXCEPTIONS = (
    requests.Timeout,
    requests.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


def _is_retryable_status(status: int) -> bool:
    return status == 429 or 500 <= status <= 599


def request(
    http: requests.Session, method: str, url: str, *, source: str, **kwargs: Any
) -> requests.Response:
    """Send one request with the session's timeout and retry policy; raise ``SourceError``.

    Returns only 2xx/3xx responses. ``source`` names the source in error messages.
    """
    policy = policy_of(http)
    kwargs.setdefault("timeout", policy.timeout)
    last_error: Exception | None = None
    for attempt in range(policy.retries + 1):
        retry_after: float | None = None
        try:
            response = http.request(method, url, **kwargs)
        except DeadlineExceeded as exc:  # a retry would trickle just as long
            raise SourceError(source, str(exc), retryable=True) from exc
        except _RETRYABLE_EXCEPTIONS as exc:
            last_error = exc
        except requests.RequestException as exc:  # invalid URL, too many redirects, ...
            raise SourceError(source, f"{method} {url} failed: {exc}") from exc
        else:
            status = response.status_code
            if status < 400:
                return response
            error = requests.HTTPError(f"HTTP {status} from {url}", response=response)
            if not _is_retryable_status(status):
                raise SourceError(
                    source, f"{method} {url} answered HTTP {status}: {_snippet(response)}"
                ) from error
            last_error = error
            retry_after = parse_retry_after(response.headers.get("Retry-After"), now=policy.clock())
        if attempt < policy.retries:
            policy.sleep(policy.delay(attempt, retry_after))
    raise SourceError(
        source,
        f"{method} {url} failed after {policy.retries + 1} attempts: {last_error}",
        retryable=True,
    ) from last_error


def get(http: requests.Session, url: str, *, source: str, **kwargs: Any) -> requests.Response:
    """GET with timeout and retries (see ``request``)."""
    return request(http, "GET", url, source=source, **kwargs)


def post(http: requests.Session, url: str, *, source: str, **kwargs: Any) -> requests.Response:
    """POST with timeout and retries (see ``request``)."""
    return request(http, "POST", url, source=source, **kwargs)


def _snippet(response: requests.Response, limit: int = 120) -> str:
    text = " ".join(_decode(response.content[: limit * 4], response)[:limit].split())
    return text or "(empty body)"


def _decode(body: bytes, response: requests.Response) -> str:
    """Text of a body: the charset the server declared, else UTF-8 (JSON's only encoding).

    Avoids ``response.text``, which guesses an encoding when none is declared.
    """
    declared = "charset=" in response.headers.get("Content-Type", "").lower()
    encoding = response.encoding if declared and response.encoding else "utf-8-sig"
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:  # an unknown charset name
        return body.decode("utf-8", errors="replace")


def looks_like_html(body: str) -> bool:
    """True when a body that should be JSON or XML is an HTML page (an error or login page)."""
    head = body.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head or "<head" in head


def json_body(response: requests.Response, *, source: str) -> Any:
    """Decode a JSON response body, turning each way it can be wrong into ``SourceFormatError``."""
    body = _decode(response.content, response)
    ctype = response.headers.get("Content-Type", "")
    if not body.strip():
        raise SourceFormatError(source, f"empty body from {response.url} (expected JSON)")
    if "html" in ctype.lower() or looks_like_html(body):
        raise SourceFormatError(
            source, f"HTML instead of JSON from {response.url}: {_snippet(response)}"
        )
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        if _truncated(body, exc):
            message = f"truncated JSON body from {response.url} ({len(body)} characters)"
        else:
            message = f"malformed JSON from {response.url} at line {exc.lineno} col {exc.colno}"
        raise SourceFormatError(source, f"{message}: {exc.msg}") from exc


def _truncated(body: str, exc: json.JSONDecodeError) -> bool:
    """Was a JSON body cut short rather than malformed?

    Yes when it fails at its very end (or inside a string running to the end, or inside a cut
    ``true``/``false``/``null``) while its brackets are still open.
    """
    stripped = body.strip()
    at_end = exc.pos >= len(stripped) - 5 or exc.msg.startswith("Unterminated string")
    if stripped[:1] not in ("{", "[") or not at_end:
        return False
    depth = 0
    in_string = escaped = False
    for char in stripped:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
    return in_string or depth > 0
