"""The data layer: every query lives here, as small verb-named functions. Functions add and
flush; the request (riskapp.database) or the CLI command commits."""
