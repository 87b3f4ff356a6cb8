"""Small SVG charts for the printed summary, drawn from plain data. Every piece of text is
escaped here, so the markup can be placed in the print template as it is."""

from collections import Counter
from datetime import date, datetime
from html import escape

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 480, 150, 70, 24, 12
# The print stylesheet's font families (riskapp/static/reports/summary.css): one per font file.
FONTS = "Noto Sans Latin, Noto Sans Latin Ext, DejaVu Sans, sans-serif"


def _svg(title: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONTS}" font-size="9">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def band_over_time(points: list[tuple[datetime, str]], bands: list[tuple[str, str]]) -> str:
    """A step line of the band after each stored result. ``bands``: (id, label), lowest first."""
    index = {band_id: n for n, (band_id, _label) in enumerate(bands)}
    usable = [(at, index[band]) for at, band in points if band in index]
    plot_w, plot_h = WIDTH - LEFT - 10, HEIGHT - BOTTOM - TOP
    y = lambda level: TOP + plot_h - level * plot_h / max(len(bands) - 1, 1)  # noqa: E731
    body = "".join(
        f'<text x="{LEFT - 6}" y="{y(n) + 3:.1f}" text-anchor="end">{escape(label)}</text>'
        f'<line x1="{LEFT}" x2="{WIDTH - 10}" y1="{y(n):.1f}" y2="{y(n):.1f}" stroke="#b1b4b6" stroke-width="0.5"/>'
        for n, (_id, label) in enumerate(bands)
    )
    if usable:
        start, end = usable[0][0], usable[-1][0]
        span = max((end - start).total_seconds(), 1)
        x = lambda at: LEFT + (at - start).total_seconds() / span * plot_w if len(usable) > 1 else LEFT + plot_w / 2  # noqa: E731
        path, previous = [], None
        for at, level in usable:
            if previous is not None:
                path.append(f"L{x(at):.1f},{y(previous):.1f}")
            path.append(f"{'M' if previous is None else 'L'}{x(at):.1f},{y(level):.1f}")
            previous = level
        body += f'<path d="{" ".join(path)}" fill="none" stroke="#0b0c0c" stroke-width="1.5"/>'
        body += "".join(
            f'<circle cx="{x(at):.1f}" cy="{y(level):.1f}" r="2.5" fill="#0b0c0c"/>' for at, level in usable
        )
        body += f'<text x="{LEFT}" y="{HEIGHT - 6}">{start:%d %b %Y}</text>'
        body += f'<text x="{WIDTH - 10}" y="{HEIGHT - 6}" text-anchor="end">{end:%d %b %Y}</text>'
    return _svg("Band over time", body)


def episodes_per_month(reported: list[datetime], today: date, months: int = 12) -> str:
    """Bars: missing episodes reported in each of the last ``months`` months."""
    keys = []
    year, month = today.year, today.month
    for _ in range(months):
        keys.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    keys.reverse()
    counts = Counter((at.year, at.month) for at in reported)
    top = max([counts[k] for k in keys] + [1])
    plot_w, plot_h = WIDTH - LEFT - 10, HEIGHT - BOTTOM - TOP
    bar = plot_w / months
    body = (
        f'<text x="{LEFT - 6}" y="{TOP + 3}" text-anchor="end">{top}</text>'
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end">0</text>'
    )
    for n, key in enumerate(keys):
        height = counts[key] / top * plot_h
        left = LEFT + n * bar
        body += (
            f'<rect x="{left + 2:.1f}" y="{TOP + plot_h - height:.1f}" width="{bar - 4:.1f}" '
            f'height="{height:.1f}" fill="#1d70b8"/>'
        )
        body += (
            f'<text x="{left + bar / 2:.1f}" y="{HEIGHT - 6}" text-anchor="middle">{date(key[0], key[1], 1):%b}</text>'
        )
    return _svg(f"Missing episodes per month, last {months} months", body)
