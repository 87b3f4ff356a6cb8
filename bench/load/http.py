"""A small HTTP/1.1 client on asyncio streams, for the load client: one request per connection.

gunicorn's sync workers close every connection after one response, so a virtual user opens a
connection, sends one request with ``Connection: close`` and reads to the end. That is all this
client does, which keeps its own CPU use low (about half of aiohttp's per request, measured on the
bare page): on a 2-core machine every millisecond the client spends is taken from the server.

Each virtual user is a ``Browser``: its own cookies (set from ``Set-Cookie``, sent back on every
request, whatever their Secure flag: the server is on loopback), no redirects followed.
"""

import asyncio
from dataclasses import dataclass, field
from urllib.parse import urlencode

USER_AGENT = "riskapp-load/1"


class ResponseError(Exception):
    """The server's answer could not be read as HTTP."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: list[tuple[str, str]]  # names in lower case, in the order sent
    body: bytes

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key == name), None)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def build_request(method: str, host: str, path: str, cookies: dict[str, str], form: dict | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", f"User-Agent: {USER_AGENT}", "Connection: close"]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in cookies.items()))
    body = b""
    if form is not None:
        body = urlencode(form).encode()
        lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def parse_response(raw: bytes) -> Response:
    """A whole response, as read up to the server closing the connection."""
    head, separator, body = raw.partition(b"\r\n\r\n")
    if not separator:
        raise ResponseError(f"no end of headers in {len(raw)} bytes")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise ResponseError(f"not a status line: {status_line[:80]!r}")
    headers = []
    for line in header_lines:
        name, colon, value = line.partition(":")
        if not colon:
            raise ResponseError(f"not a header line: {line[:80]!r}")
        headers.append((name.strip().lower(), value.strip()))
    response = Response(int(parts[1]), headers, body)
    if (response.header("transfer-encoding") or "").lower() == "chunked":
        return Response(response.status, headers, dechunk(body))
    length = response.header("content-length")
    if length is not None and len(body) != int(length):
        raise ResponseError(f"body of {len(body)} bytes, Content-Length {length}")
    return response


def dechunk(body: bytes) -> bytes:
    chunks, position = [], 0
    while True:
        size_end = body.find(b"\r\n", position)
        if size_end < 0:
            raise ResponseError("chunked body ends early")
        size = int(body[position:size_end].split(b";")[0], 16)
        if size == 0:
            return b"".join(chunks)
        start = size_end + 2
        chunks.append(body[start : start + size])
        position = start + size + 2


def updated_cookies(cookies: dict[str, str], set_cookie_values: list[str]) -> dict[str, str]:
    """The cookie jar after a response: each ``Set-Cookie`` sets its cookie, or removes it when
    its value is empty or it has already expired (how Flask clears a session)."""
    jar = dict(cookies)
    for set_cookie in set_cookie_values:
        pair, *attributes = [part.strip() for part in set_cookie.split(";")]
        name, _, value = pair.partition("=")
        expired = any(
            attribute.lower() in ("max-age=0", "expires=thu, 01 jan 1970 00:00:00 gmt") for attribute in attributes
        )
        if not value or expired:
            jar.pop(name, None)
        else:
            jar[name] = value
    return jar


@dataclass
class Browser:
    """One virtual user: a cookie jar and the server it talks to."""

    host: str
    port: int
    timeout: float = 120.0
    cookies: dict[str, str] = field(default_factory=dict)

    async def get(self, path: str) -> Response:
        return await self.request("GET", path)

    async def post(self, path: str, form: dict) -> Response:
        return await self.request("POST", path, form)

    async def request(self, method: str, path: str, form: dict | None = None) -> Response:
        message = build_request(method, f"{self.host}:{self.port}", path, self.cookies, form)
        async with asyncio.timeout(self.timeout):
            reader, writer = await asyncio.open_connection(self.host, self.port)
            try:
                writer.write(message)
                raw = await reader.read()
            finally:
                writer.close()
        response = parse_response(raw)
        set_cookies = [value for name, value in response.headers if name == "set-cookie"]
        if set_cookies:
            self.cookies = updated_cookies(self.cookies, set_cookies)
        return response
