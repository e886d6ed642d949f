"""Charts drawn on the server as inline SVG: no script, no CDN, readable without colour
(every bar is labelled with its value) and each chart has a title and description for
screen readers. The dashboard shows a table of the same figures under each chart."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

BAR_COLOUR = "#0d6efd"
SERIES_COLOURS = ("#198754", "#dc3545", "#0d6efd", "#fd7e14")


def _number(value) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}"


def bar_chart(rows, *, title: str, description: str = "", width: int = 640,
              label_width: int = 170, bar_height: int = 22):
    """Horizontal bars: rows of (label, value)."""
    rows = list(rows)
    top = max((v for _, v in rows), default=0) or 1
    height = max(1, len(rows)) * (bar_height + 8) + 8
    plot = width - label_width - 90
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'viewBox="0 0 {width} {height}" width="100%" '
             f'aria-labelledby="t" style="max-width:{width}px">'
             f'<title>{escape(title)}</title><desc>{escape(description)}</desc>']
    for index, (label, value) in enumerate(rows):
        y = 8 + index * (bar_height + 8)
        length = 0 if not value else max(1, round(plot * float(value) / float(top)))
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.0f}" text-anchor="end" '
            f'font-size="13">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" '
            f'fill="{BAR_COLOUR}"><title>{escape(label)}: {_number(value)}</title></rect>'
            f'<text x="{label_width + length + 6}" y="{y + bar_height * 0.7:.0f}" '
            f'font-size="13">{_number(value)}</text>')
    if not rows:
        parts.append(f'<text x="8" y="20" font-size="13">{escape("—")}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def column_chart(categories, series, *, title: str, description: str = "",
                 width: int = 720, height: int = 240):
    """Grouped vertical columns: `categories` along the bottom, `series` a list of
    (name, [value per category]) drawn side by side, with a legend."""
    top = max((v for _, values in series for v in values), default=0) or 1
    plot_top, plot_bottom, left = 28, height - 28, 36
    group = (width - left - 8) / max(1, len(categories))
    bar = max(2, (group - 6) / max(1, len(series)))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
             f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px">'
             f'<title>{escape(title)}</title><desc>{escape(description)}</desc>',
             f'<line x1="{left}" y1="{plot_bottom}" x2="{width - 8}" y2="{plot_bottom}" '
             f'stroke="#6c757d"/>',
             f'<text x="{left - 4}" y="{plot_top + 4}" text-anchor="end" font-size="11">'
             f'{_number(top)}</text>']
    for s, (name, _) in enumerate(series):
        x = left + s * 130
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" '
                     f'fill="{SERIES_COLOURS[s % len(SERIES_COLOURS)]}"/>'
                     f'<text x="{x + 16}" y="16" font-size="12">{escape(name)}</text>')
    for c, category in enumerate(categories):
        x0 = left + c * group + 3
        for s, (name, values) in enumerate(series):
            value = values[c]
            h = 0 if not value else max(1, (plot_bottom - plot_top) * value / top)
            x = x0 + s * bar
            parts.append(
                f'<rect x="{x:.1f}" y="{plot_bottom - h:.1f}" width="{bar - 1:.1f}" '
                f'height="{h:.1f}" fill="{SERIES_COLOURS[s % len(SERIES_COLOURS)]}">'
                f'<title>{escape(category)} · {escape(name)}: {_number(value)}</title></rect>')
            if value:
                parts.append(f'<text x="{x + bar / 2:.1f}" y="{plot_bottom - h - 3:.1f}" '
                             f'text-anchor="middle" font-size="10">{_number(value)}</text>')
        parts.append(f'<text x="{x0 + group / 2 - 3:.1f}" y="{height - 10}" '
                     f'text-anchor="middle" font-size="11">{escape(category)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
