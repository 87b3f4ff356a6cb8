"""Response headers for every response: CSP with a per-request nonce for GOV.UK Frontend's one
inline script, no framing, no sniffing, no caching of anything that may hold personal data."""

import secrets

from flask import Flask, Response, current_app, g, request


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _content_security_policy() -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{csp_nonce()}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def register_security_headers(app: Flask) -> None:
    @app.context_processor
    def _inject_nonce() -> dict:
        return {"cspNonce": csp_nonce()}

    @app.after_request
    def _set_headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = _content_security_policy()
        headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: Flask-WTF's CSRF check over HTTPS needs the Referer of our own
        # pages, and no other site ever receives one.
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        headers["X-Frame-Options"] = "DENY"
        if current_app.config.get("HSTS"):
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        # Static assets carry no personal data and may be cached; everything else may not.
        if request.endpoint != "static":
            headers["Cache-Control"] = "no-store, max-age=0"
            headers["Pragma"] = "no-cache"
        return response
