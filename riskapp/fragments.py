"""Pages about a young person, kept as rendered in each worker's memory.

Rendering a record page costs tens of milliseconds (its queries and the GOV.UK macros); most views
of a record follow no change to it. A fragment is kept under a key that names everything it shows:

- the young person and their revision, which moves on at the commit of any change to anything
  shown about them, wherever it was recorded (riskapp.data.revisions): a changed band, a new
  episode or a new screening is on the next page, never a kept one;
- the active questionnaire (band labels, indicators never considered), the day (ages and overdue
  marks are worked out against today) and whatever the reader's permissions change on the page.

The reader's access is checked, and the view audited, on every request before a kept fragment is
served. Names of staff, agencies and authorities are reference data, not part of a young person's
revision: a changed one is on every page within ``FRAGMENT_CACHE_SECONDS``, the longest a fragment
is kept. Forms in a fragment carry placeholders for the CSRF token and for create forms' once-only
tokens (riskapp.forms.once), filled in for each request.
Each worker keeps its own fragments, at most ``FRAGMENT_CACHE_ENTRIES``; 0 seconds turns it off.
"""

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import Flask, current_app
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from riskapp.forms.once import fill_tokens

EXTENSION_KEY = "riskapp.fragments"
# Rendered into forms in place of the request's CSRF token; random per process, so nothing typed
# into a record can match it.
CSRF_PLACEHOLDER = f"csrf-placeholder-{secrets.token_hex(16)}"


class FragmentCache:
    """A bounded map of rendered fragments, the least recently used dropped first, each kept at most
    ``seconds``. Safe to share between a worker's threads."""

    def __init__(self, entries: int, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.entries = entries
        self.seconds = seconds
        self._clock = clock
        self._kept: OrderedDict[Hashable, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.entries > 0 and self.seconds > 0

    def get(self, key: Hashable) -> str | None:
        with self._lock:
            found = self._kept.get(key)
            if found is not None and self._clock() - found[0] > self.seconds:
                del self._kept[key]
                found = None
            if found is None:
                self.misses += 1
                return None
            self.hits += 1
            self._kept.move_to_end(key)
            return found[1]

    def put(self, key: Hashable, text: str) -> None:
        if not self.enabled:
            return
        with self._lock:
            self._kept[key] = (self._clock(), text)
            self._kept.move_to_end(key)
            while len(self._kept) > self.entries:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self.hits = self.misses = 0


def register_fragment_cache(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = FragmentCache(
        app.config["FRAGMENT_CACHE_ENTRIES"], app.config["FRAGMENT_CACHE_SECONDS"]
    )


def fragment(key: Hashable | None, render: Callable[[str], str]) -> Markup:
    """The fragment kept under ``key``, else ``render(CSRF_PLACEHOLDER)`` kept under it (``key``
    None: rendered and not kept, as for a page showing a form's errors). Either way with this
    request's CSRF token in place of the placeholder, and a new once-only token in each form's."""
    cache: FragmentCache = current_app.extensions[EXTENSION_KEY]
    text = cache.get(key) if key is not None else None
    if text is None:
        text = str(render(CSRF_PLACEHOLDER))
        if key is not None:
            cache.put(key, text)
    # Rendered by an autoescaping template; the token is URL-safe base64 (no markup).
    return Markup(fill_tokens(text.replace(CSRF_PLACEHOLDER, generate_csrf())))  # noqa: S704
