"""One look for every figure in the book: a colour-blind-safe palette, fonts and sizes.

The palette is Okabe and Ito's (2008), distinguishable under every common
form of colour blindness and in greyscale by lightness. Every figure uses the
same colour for the same role, so that a reader learns it once:

* ``p``, blue: the true distribution, and entropy;
* ``q``, orange: the model's distribution;
* ``loss``, vermillion: a loss, a surprisal, the point being explored;
* ``gap``, reddish purple: the KL divergence, the gap between two curves;
* ``alt``, bluish green: a second curve or class;
* ``guide``, grey: reference lines and annotations.

Examples
--------
>>> from crossentropy import style
>>> style.COLORS["p"]
'#0072B2'
>>> import matplotlib.pyplot as plt
>>> with plt.rc_context(style.RC):
...     fig, ax = plt.subplots()
>>> plt.close(fig)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import matplotlib as mpl
from matplotlib.rcsetup import cycler

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = ["COLORS", "DPI", "OKABE_ITO", "RC", "use"]

#: The eight Okabe-Ito colours, in their usual order.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

#: The colour of each role in a figure.
COLORS: dict[str, str] = {
    "p": OKABE_ITO["blue"],
    "q": OKABE_ITO["orange"],
    "loss": OKABE_ITO["vermillion"],
    "gap": OKABE_ITO["reddish purple"],
    "alt": OKABE_ITO["bluish green"],
    "light": OKABE_ITO["sky blue"],
    "guide": "#7F7F7F",
    "text": "#222222",
}

#: Resolution of every rendered figure, in dots per inch.
DPI = 100

#: matplotlib settings applied to every figure of the book.
RC: dict[RcKeyType, Any] = {
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#E5E5E5",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "axes.prop_cycle": cycler(
        color=[
            COLORS["p"],
            COLORS["q"],
            COLORS["alt"],
            COLORS["loss"],
            COLORS["gap"],
            COLORS["light"],
            OKABE_ITO["black"],
        ]
    ),
    "lines.linewidth": 2.2,
    "legend.frameon": False,
    "svg.hashsalt": "crossentropy",
    "path.simplify": True,
}


def use() -> None:
    """Apply the book's style to every later matplotlib figure in this session.

    Examples
    --------
    >>> from crossentropy import style
    >>> style.use()
    """
    mpl.rcParams.update(RC)
