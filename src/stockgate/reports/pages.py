"""The HTML reports' machinery: Jinja2 templates shipped as package files, fed plain view data.

The templates (``templates/*.j2``) are autoescaped and strict (an unknown name fails the render,
it does not print nothing); Python code builds data for them and never HTML. Charts are inline
SVG the templates draw from numbers (:func:`convergence_chart`), so a page is one self-contained
file.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

# two series colours that stay apart for the common colour-vision deficiencies (Okabe and Ito's palette)
SERIES_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7")


@functools.cache
def environment() -> Any:
    """The one Jinja2 environment: templates from this package, autoescaped, undefined names an error."""
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("stockgate.reports", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def render(template: str, data: dict[str, Any]) -> str:
    """``template`` rendered with ``data``."""
    return str(environment().get_template(template).render(**data))


def nice_max(value: float) -> float:
    """A round axis end at or above ``value``: 1, 2, 2.5 or 5 times a power of ten (1 for nothing)."""
    if value <= 0:
        return 1
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1.0, 2.0, 2.5, 5.0, 10.0) if step * power >= value)


def convergence_chart(title: str, series: Sequence[tuple[str, str]],
                      rows: Sequence[tuple[str, Sequence[float | None], Sequence[str]]]) -> dict[str, Any]:
    """Data for the templates' bar chart (``_macros.html.j2``: ``convergence_chart``).

    ``series``: (name, short name) per bar of a row; ``rows``: a label, a value per series, and
    what to write where a value is missing.
    """
    top = nice_max(max((v for _, values, _ in rows for v in values if v is not None), default=0))
    ticks = [round(top * i / 4, 3) for i in range(5)]
    return {"title": title, "max": _number(top), "ticks": [_number(t) for t in ticks],
            "series": [{"name": name, "short": short, "colour": SERIES_COLOURS[i % len(SERIES_COLOURS)]}
                       for i, (name, short) in enumerate(series)],
            "rows": [{"label": label, "bars": [None if v is None else _number(v) for v in values],
                      "missing": list(missing)} for label, values, missing in rows]}


def _number(value: float) -> float | int:
    """``3`` for 3.0, else the value rounded to a hundredth."""
    return int(value) if float(value).is_integer() else round(value, 2)


def junit_class(*parts: str) -> str:
    """A JUnit class name: parts joined by dots, no dot inside a part (``magento@2.4.8`` → ``magento-2_4_8``).

    JUnit readers (GitLab's test tab, Jenkins) split a class name at its dots into packages, so a
    version's dots would file ``2.4.8`` under package ``2`` and class ``4``.
    """
    return ".".join(part.replace("@", "-").replace(".", "_").replace(" ", "-") for part in parts)
