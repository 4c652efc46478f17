"""Explorers: figures a reader moves with a slider, live in Jupyter and in the static book.

An explorer is declared once, here, as a function that returns an
:class:`Explorer`: a view from :mod:`crossentropy.book.plots`, the view's fixed
arguments, and one or two :class:`Control` sliders. It then renders two ways:

* **live**, in Jupyter, JupyterLab or VS Code: displaying an explorer shows
  ipywidgets sliders above its frames, each drawn by updating the view's
  artists (not rebuilding the figure) and kept in the page, so that a slider
  switches them without a round trip to the kernel (:mod:`crossentropy.book.live`);
* **static**, in the HTML book: the output also carries the MIME type
  :data:`MIME_TYPE` holding a small JSON *spec*. At build time the Sphinx
  extension :mod:`crossentropy.book.sphinxext` rebuilds the explorer from the spec,
  renders one frame per slider position with this same code, and emits a
  slider that swaps the frames in the browser: no kernel, no network.

The output also holds ``image/png`` (the first frame, for GitHub and
nbviewer) and ``text/plain`` (one stable line, for nbval).

Examples
--------
>>> import crossentropy as ce
>>> explorer = ce.explorers.surprisal(p=0.25)
>>> explorer.controls[0].values()[:3]
[0.01, 0.02, 0.03]
>>> spec = explorer.spec()
>>> ce.explorers.Explorer.from_spec(spec).spec() == spec
True
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import math
import struct
import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import BarContainer
from PIL import Image

from crossentropy.book import plots

__all__ = [
    "EXPLORERS",
    "MIME_TYPE",
    "Control",
    "Explorer",
    "arithmetic_interval",
    "binary_channel",
    "binary_cross_entropy",
    "binary_entropy",
    "binary_loss",
    "cross_entropy_bars",
    "distillation_temperature",
    "distribution_fit",
    "entropy_diagram",
    "entropy_temperature",
    "focal_loss",
    "info_nce_bound",
    "json_dumps",
    "kl_directions",
    "label_smoothing",
    "order_bits",
    "register",
    "softmax_logit",
    "softmax_regression",
    "surprisal",
    "temperature_calibration",
]

#: The MIME type of an explorer's spec in a notebook output.
MIME_TYPE = "application/vnd.crossentropy.explorer+json"

#: Version of the spec format; bump when its meaning changes.
SPEC_VERSION = 1

#: Registered explorer factories, by name.
EXPLORERS: dict[str, Callable[..., Explorer]] = {}


@dataclass(frozen=True)
class Control:
    """A slider over the evenly spaced values ``start, start + step, ..., stop``.

    Parameters
    ----------
    name : str
        The view parameter the slider sets.
    label : str
        What the slider is, for the reader and for screen readers.
    start, stop, step : float
        The slider's first value, last value and step.
    value : float
        The initial value (snapped to the nearest step).
    format : str, optional
        A format spec for showing a value (default ``".2f"``).

    Examples
    --------
    >>> Control("p", "probability p", 0.0, 1.0, 0.25, 0.5).values()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    """

    name: str
    label: str
    start: float
    stop: float
    step: float
    value: float
    format: str = ".2f"

    def __post_init__(self) -> None:
        if not self.step > 0:
            raise ValueError(f"control {self.name!r}: step must be positive, got {self.step!r}")
        if not self.start < self.stop:
            raise ValueError(f"control {self.name!r}: start must be below stop")
        n = (self.stop - self.start) / self.step
        if abs(n - round(n)) > 1e-9:
            raise ValueError(f"control {self.name!r}: (stop - start) must be a multiple of step")
        if not self.start - 1e-12 <= self.value <= self.stop + 1e-12:
            raise ValueError(
                f"control {self.name!r}: value {self.value!r} outside [{self.start}, {self.stop}]"
            )

    def values(self) -> list[float]:
        """Every value the slider can take, in order."""
        n = round((self.stop - self.start) / self.step) + 1
        digits = max(0, 1 - math.floor(math.log10(self.step))) + 6
        return [round(self.start + i * self.step, digits) for i in range(n)]

    def index(self, value: float) -> int:
        """The position of the slider value nearest to ``value``."""
        return int(np.argmin(np.abs(np.asarray(self.values()) - value)))

    def show(self, value: float) -> str:
        """``value`` as the slider's readout shows it."""
        return format(value, self.format)


class Explorer:
    """A view whose parameters one or two sliders move.

    Build explorers with the functions of this module (``surprisal``, ...),
    which register themselves in :data:`EXPLORERS`.

    Parameters
    ----------
    name : str
        The registered name of the function that builds this explorer.
    view : type of crossentropy.book.plots.View
        The figure to animate.
    args : dict
        The view's fixed arguments (JSON-serialisable).
    controls : sequence of Control
        One or two sliders, each setting one parameter of ``view.update``.
    title : str
        A short title, shown above the static slider and in ``text/plain``.
    """

    def __init__(
        self,
        name: str,
        view: type[plots.View],
        args: dict[str, Any],
        controls: Sequence[Control],
        title: str,
    ) -> None:
        if not 1 <= len(controls) <= 2:
            raise ValueError("an explorer has one or two controls")
        self.name = name
        self.view_class = view
        self.args = dict(args)
        self.controls = tuple(controls)
        self.title = title
        self.values = {c.name: c.values()[c.index(c.value)] for c in self.controls}
        self._view: plots.View | None = None
        self._moving: list[Any] = []
        self._canvas: FigureCanvasAgg | None = None
        self._background: Any = None
        self._lock = threading.Lock()  # one frame at a time: the figure is shared

    # -------------------------------------------------------------- spec

    def spec(self) -> dict[str, Any]:
        """The JSON-serialisable declaration the static book renders from."""
        return {
            "version": SPEC_VERSION,
            "explorer": self.name,
            "title": self.title,
            "args": self.args,
            "controls": [asdict(c) | {"value": self.values[c.name]} for c in self.controls],
        }

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> Explorer:
        """Rebuild the explorer that :meth:`spec` described.

        Raises
        ------
        ValueError
            If the spec's version or explorer name is unknown.
        """
        if spec.get("version") != SPEC_VERSION:
            raise ValueError(f"unsupported explorer spec version {spec.get('version')!r}")
        name = spec.get("explorer")
        if name not in EXPLORERS:
            raise ValueError(f"unknown explorer {name!r}; known: {', '.join(sorted(EXPLORERS))}")
        values = {c["name"]: c["value"] for c in spec["controls"]}
        return EXPLORERS[name](**spec["args"], **values)

    # -------------------------------------------------------------- frames

    def grid(self) -> list[dict[str, float]]:
        """Every combination of slider values, the last control varying fastest."""
        names = [c.name for c in self.controls]
        return [
            dict(zip(names, combo, strict=True))
            for combo in itertools.product(*(c.values() for c in self.controls))
        ]

    def frame_index(self, values: dict[str, float]) -> int:
        """The position in :meth:`grid` of the frame for ``values``."""
        index = 0
        for c in self.controls:
            index = index * len(c.values()) + c.index(values[c.name])
        return index

    def view(self) -> plots.View:
        """The explorer's view, built on first use and then only updated."""
        if self._view is None:
            fig = plots.new_figure(self.view_class.figsize)
            self._canvas = FigureCanvasAgg(fig)
            view = self.view_class(fig, **self.args)
            # Lay out once, then freeze the layout for every frame. The moving
            # artists are "animated": left out of the background, which is drawn
            # once and kept; each frame restores it and draws only them.
            self._moving = _flatten(view.moving)
            for artist in self._moving:
                artist.set_animated(True)
            self._canvas.draw()
            fig.set_layout_engine("none")
            self._background = self._canvas.copy_from_bbox(fig.bbox)
            self._view = view
        return self._view

    def _draw(self, values: dict[str, float]) -> np.ndarray:
        """Update the view to ``values`` and draw the frame; return its RGBA pixels."""
        view = self.view()
        view.update(**values)
        canvas = self._canvas
        assert canvas is not None  # made with the view
        canvas.restore_region(self._background)
        for artist in self._moving:
            (artist.axes or view.fig).draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())

    def render(self, values: dict[str, float] | None = None, *, fast: bool = False) -> bytes:
        """The figure at ``values`` (default: the current values) as PNG bytes.

        Parameters
        ----------
        values : dict, optional
            A value for each control.
        fast : bool, optional
            Favour speed over file size (for live redraws).
        """
        with self._lock:  # the live explorer also draws from a background thread
            return _png(self._draw(self.values if values is None else values), fast=fast)

    def alt_text(self, values: dict[str, float] | None = None) -> str:
        """The alt text of the frame at ``values`` (default: the current values)."""
        return self.view().alt_text(**(self.values if values is None else values))

    # -------------------------------------------------------------- display

    def describe(self) -> str:
        """One line saying what the explorer shows and how to move it."""
        moves = " and ".join(
            f"{c.label} from {c.show(c.start)} to {c.show(c.stop)}" for c in self.controls
        )
        return f"Explorer '{self.name}': {self.title}. Drag {moves}."

    def widget(self) -> Any:
        """Ipywidgets sliders over the frames, switched in the page (see :mod:`.live`)."""
        from crossentropy.book import live

        return live.widget(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {
            MIME_TYPE: self.spec(),
            "image/png": base64.b64encode(self.render()).decode("ascii"),
            "text/plain": self.describe(),
        }
        try:
            view = self.widget()._repr_mimebundle_()
        except Exception:  # no widget front end: the static outputs stand alone
            return bundle
        widget_mime = "application/vnd.jupyter.widget-view+json"
        if widget_mime in view:
            bundle[widget_mime] = view[widget_mime]
        return bundle

    def __repr__(self) -> str:
        return f"<{self.describe()}>"


def _flatten(moving: Sequence[Any]) -> list[Any]:
    """The moving artists, bar containers expanded, in drawing order (by z-order)."""
    artists: list[Any] = []
    for item in moving:
        artists.extend(item.patches if isinstance(item, BarContainer) else [item])
    return sorted(artists, key=lambda a: a.get_zorder())


def _png(rgba: np.ndarray, *, fast: bool = False) -> bytes:
    """Encode an RGBA frame as PNG: quantised and optimised, or ``fast`` for live redraws."""
    if fast:
        return _png_unfiltered(rgba[..., :3])
    image = Image.fromarray(rgba[..., :3]).quantize(
        colors=128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    buffer = io.BytesIO()
    image.save(buffer, format="png", optimize=True)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_unfiltered(rgb: np.ndarray) -> bytes:
    """An RGB image as a PNG with no row filters, deflated at level 1.

    For the live explorers, where encoding is on the path from a slider to the new
    image: a third of the time of Pillow's encoder at its fastest level (about 2 ms
    instead of 6.5 for an 880 x 380 frame, which Pillow filters row by row adaptively),
    for a file of about the same size. Any PNG reader decodes it.
    """
    height, width, _ = rgb.shape
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type 0 ("None") for every row
    rows[:, 1:] = rgb.reshape(height, 3 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)),
            _png_chunk(b"IEND", b""),
        ]
    )


def register(factory: Callable[..., Explorer]) -> Callable[..., Explorer]:
    """Register an explorer factory under its function name."""
    EXPLORERS[factory.__name__] = factory
    return factory


def json_dumps(spec: dict[str, Any]) -> str:
    """The spec as canonical JSON (sorted keys), for hashing and embedding."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":"))


# ------------------------------------------------------------------ the explorers


@register
def surprisal(*, p: float = 0.25, base: float | None = 2) -> Explorer:
    """Drag the probability of an event and watch its surprisal.

    Parameters
    ----------
    p : float, optional
        The initial probability (default 0.25).
    base : float, optional
        Logarithm base of the surprisal axis (default 2: bits).

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.SurprisalCurve`, with a slider for
        ``p`` from 0.01 to 1 in steps of 0.01.

    Examples
    --------
    >>> explorer = surprisal(p=0.5)
    >>> explorer.describe()
    "Explorer 'surprisal': Surprisal of an event. Drag probability p from 0.01 to 1.00."
    """
    return Explorer(
        "surprisal",
        plots.SurprisalCurve,
        args={"base": base},
        controls=[Control("p", "probability p", 0.01, 1.0, 0.01, p)],
        title="Surprisal of an event",
    )


@register
def binary_entropy(*, p: float = 0.3, base: float | None = 2) -> Explorer:
    """Drag a coin's probability of heads and watch its entropy.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.BinaryEntropyCurve`, with a slider for
        ``p`` from 0 to 1 in steps of 0.01.

    Examples
    --------
    >>> len(binary_entropy().grid())
    101
    """
    return Explorer(
        "binary_entropy",
        plots.BinaryEntropyCurve,
        args={"base": base},
        controls=[Control("p", "probability of heads p", 0.0, 1.0, 0.01, p)],
        title="Entropy of a coin",
    )


@register
def entropy_temperature(
    *,
    T: float = 1.0,
    logits: Sequence[float] = (2.0, 1.0, 0.5, 0.0, -0.5, -1.5),
    base: float | None = 2,
) -> Explorer:
    """Drag a temperature that flattens or sharpens a distribution, and watch its entropy.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.EntropyTemperature`, with a slider for
        ``T`` from 0.1 to 5 in steps of 0.05.

    Examples
    --------
    >>> entropy_temperature().controls[0].values()[:3]
    [0.1, 0.15, 0.2]
    """
    return Explorer(
        "entropy_temperature",
        plots.EntropyTemperature,
        args={"logits": [float(v) for v in logits], "base": base},
        controls=[Control("T", "temperature T", 0.1, 5.0, 0.05, T, ".2f")],
        title="Entropy of a distribution, from peaked to flat",
    )


@register
def cross_entropy_bars(
    *,
    t: float = 0.5,
    p: Sequence[float] = (0.5, 0.25, 0.15, 0.1),
    r: Sequence[float] = (0.1, 0.15, 0.3, 0.45),
    base: float | None = 2,
) -> Explorer:
    """Move a model ``q`` away from the true ``p`` and watch the cross-entropy grow.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.CrossEntropyBars`, with a slider for
        ``t`` (``q = (1 - t) p + t r``) from 0 to 1 in steps of 0.01.

    Examples
    --------
    >>> cross_entropy_bars().describe().startswith("Explorer 'cross_entropy_bars'")
    True
    """
    return Explorer(
        "cross_entropy_bars",
        plots.CrossEntropyBars,
        args={"p": [float(v) for v in p], "r": [float(v) for v in r], "base": base},
        controls=[Control("t", "how far q moves from p: t", 0.0, 1.0, 0.01, t)],
        title="Cross-entropy as the model moves away from the truth",
    )


@register
def binary_cross_entropy(*, p: float = 0.7, q: float = 0.35, base: float | None = 2) -> Explorer:
    """Two outcomes: drag the true ``p`` and the model's ``q`` and watch ``H(p, q)``.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.BinaryCrossEntropyCurve`, with sliders
        for ``p`` (0.1 to 0.9, step 0.2) and ``q`` (0.05 to 0.95, step 0.05), so
        that ``q`` can be set equal to ``p``.

    Examples
    --------
    >>> len(binary_cross_entropy().grid())
    95
    """
    return Explorer(
        "binary_cross_entropy",
        plots.BinaryCrossEntropyCurve,
        args={"base": base},
        controls=[
            Control("p", "true probability p", 0.1, 0.9, 0.2, p),
            Control("q", "model's probability q", 0.05, 0.95, 0.05, q),
        ],
        title="Cross-entropy of two outcomes",
    )


@register
def softmax_logit(
    *,
    z: float = 1.0,
    logits: Sequence[float] = (1.0, 2.0, 0.0, -1.0),
    target: int = 0,
    classes: Sequence[str] = ("cat", "dog", "fox", "owl"),
) -> Explorer:
    """Move the true class's logit and watch the probabilities, the loss and the gradient.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.SoftmaxLogit`, with a slider for the
        true class's logit ``z`` from -4 to 6 in steps of 0.1.

    Examples
    --------
    >>> softmax_logit().controls[0].values()[:2]
    [-4.0, -3.9]
    """
    return Explorer(
        "softmax_logit",
        plots.SoftmaxLogit,
        args={
            "logits": [float(v) for v in logits],
            "target": int(target),
            "classes": [str(c) for c in classes],
        },
        controls=[Control("z", f"logit of '{classes[target]}' z", -4.0, 6.0, 0.1, z)],
        title="One logit, the softmax, the loss and its gradient",
    )


@register
def binary_loss(*, q: float = 0.21) -> Explorer:
    """Drag the predicted probability and watch the binary loss and its gradient, for y = 1 and 0.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.BinaryLossCurves`, with a slider for
        ``q`` from 0.01 to 0.99 in steps of 0.01.

    Examples
    --------
    >>> len(binary_loss().grid())
    99
    """
    return Explorer(
        "binary_loss",
        plots.BinaryLossCurves,
        args={},
        controls=[Control("q", "predicted probability q", 0.01, 0.99, 0.01, q)],
        title="Binary cross-entropy and its gradient",
    )


@register
def focal_loss(*, gamma: float = 2.0) -> Explorer:
    """Drag the focal loss's ``gamma`` and watch easy examples lose their weight.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.FocalLossCurves`, with a slider for
        ``gamma`` from 0 to 5 in steps of 0.1.

    Examples
    --------
    >>> focal_loss().values
    {'gamma': 2.0}
    """
    return Explorer(
        "focal_loss",
        plots.FocalLossCurves,
        args={},
        controls=[Control("gamma", "focusing parameter γ", 0.0, 5.0, 0.1, gamma)],
        title="Focal loss against cross-entropy",
    )


@register
def label_smoothing(*, eps: float = 0.1, n_classes: int = 5) -> Explorer:
    """Drag the label smoothing and watch the best logit margin become finite.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.LabelSmoothingMargin`, with a slider
        for ``eps`` from 0 to 0.5 in steps of 0.01.

    Examples
    --------
    >>> len(label_smoothing().grid())
    51
    """
    return Explorer(
        "label_smoothing",
        plots.LabelSmoothingMargin,
        args={"n_classes": int(n_classes)},
        controls=[Control("eps", "label smoothing ε", 0.0, 0.5, 0.01, eps)],
        title="Label smoothing and the logit margin",
    )


@register
def distribution_fit(
    *,
    step: int = 0,
    p: Sequence[float] = (0.45, 0.3, 0.15, 0.1),
    steps: int = 60,
    learning_rate: float = 0.3,
    target: str = "p",
) -> Explorer:
    """Step through gradient descent fitting a categorical model ``q`` to ``p``.

    ``target`` names ``p`` in the figure (for example ``"p̂"`` for the
    frequencies of a sample).

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.DistributionFitSteps`, with a slider
        for the step from 0 to ``steps``.

    Examples
    --------
    >>> len(distribution_fit(steps=10).grid())
    11
    """
    return Explorer(
        "distribution_fit",
        plots.DistributionFitSteps,
        args={
            "p": [float(v) for v in p],
            "steps": int(steps),
            "learning_rate": learning_rate,
            "target": str(target),
        },
        controls=[Control("step", "gradient step", 0, int(steps), 1, step, ".0f")],
        title="Fitting a distribution by minimising cross-entropy",
    )


@register
def softmax_regression(
    *,
    step: int = 0,
    n_per_class: int = 60,
    seed: int = 0,
    steps: int = 200,
    learning_rate: float = 0.1,
) -> Explorer:
    """Step through the training of a softmax-regression classifier on 2-D points.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.SoftmaxRegressionSteps`, with a slider
        for the step from 0 to ``steps`` in steps of 5.

    Examples
    --------
    >>> len(softmax_regression().grid())
    41
    """
    return Explorer(
        "softmax_regression",
        plots.SoftmaxRegressionSteps,
        args={
            "n_per_class": int(n_per_class),
            "seed": int(seed),
            "steps": int(steps),
            "learning_rate": learning_rate,
        },
        controls=[Control("step", "gradient step", 0, int(steps), 5, step, ".0f")],
        title="Training a softmax classifier",
    )


@register
def temperature_calibration(*, T: float = 1.0, overconfidence: float = 2.5) -> Explorer:
    """Divide an overconfident classifier's logits by a temperature; watch calibration and loss.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.TemperatureCalibration`, with a slider
        for ``T`` from 0.5 to 4 in steps of 0.05.

    Examples
    --------
    >>> len(temperature_calibration().grid())
    71
    """
    return Explorer(
        "temperature_calibration",
        plots.TemperatureCalibration,
        args={"overconfidence": overconfidence},
        controls=[Control("T", "temperature T", 0.5, 4.0, 0.05, T, ".2f")],
        title="Temperature scaling and calibration",
    )


@register
def entropy_diagram(
    *,
    s: float = 0.5,
    px: Sequence[float] = (0.5, 0.3, 0.2),
    py: Sequence[float] = (0.745, 0.255),
    x_labels: Sequence[str] = ("clear", "cloudy", "overcast"),
    y_labels: Sequence[str] = ("dry", "rain"),
    base: float | None = 2,
) -> Explorer:
    """Tie two variables more or less tightly and watch their entropy diagram.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.EntropyDiagram`, with a slider for the
        dependence ``s`` from 0 (independent) to 1 in steps of 0.01.

    Examples
    --------
    >>> len(entropy_diagram().grid())
    101
    """
    return Explorer(
        "entropy_diagram",
        plots.EntropyDiagram,
        args={
            "px": [float(v) for v in px],
            "py": [float(v) for v in py],
            "x_labels": [str(v) for v in x_labels],
            "y_labels": [str(v) for v in y_labels],
            "base": base,
        },
        controls=[Control("s", "dependence s", 0.0, 1.0, 0.01, s)],
        title="Joint entropy, conditional entropy and mutual information",
    )


@register
def binary_channel(*, eps: float = 0.1, pi: float = 0.5, base: float | None = 2) -> Explorer:
    """Drag a binary symmetric channel's noise and input bias; watch ``I(X; Y)``.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.BinaryChannel`, with sliders for the
        flip probability ``eps`` (0 to 0.5, step 0.05) and the input's probability
        of a 1, ``pi`` (0.1 to 0.9, step 0.1).

    Examples
    --------
    >>> len(binary_channel().grid())
    99
    """
    return Explorer(
        "binary_channel",
        plots.BinaryChannel,
        args={"base": base},
        controls=[
            Control("eps", "flip probability ε", 0.0, 0.5, 0.05, eps),
            Control("pi", "input's P(X = 1)", 0.1, 0.9, 0.1, pi, ".1f"),
        ],
        title="What a noisy channel lets through",
    )


@register
def kl_directions(
    *,
    mu: float = 15.0,
    sigma: float = 3.0,
    n: int = 31,
    peaks: Sequence[float] = (10.0, 20.0),
    width: float = 1.5,
) -> Explorer:
    """Move one blob ``q`` over a two-peaked ``p`` and watch the KL divergence both ways.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.KLDirections`, with sliders for the
        blob's location ``mu`` (10 to 20, step 1) and width ``sigma`` (1 to 6,
        step 0.5): 121 frames.

    Examples
    --------
    >>> len(kl_directions().grid())
    121
    """
    return Explorer(
        "kl_directions",
        plots.KLDirections,
        args={"n": int(n), "peaks": [float(v) for v in peaks], "width": float(width)},
        controls=[
            Control("mu", "location of q: μ", 10.0, 20.0, 1.0, mu, ".0f"),
            Control("sigma", "width of q: σ", 1.0, 6.0, 0.5, sigma, ".1f"),
        ],
        title="The KL divergence in both directions",
    )


# -------------------------------------------------------------- chapter 10: compression


@register
def arithmetic_interval(*, qa: float = 0.5, k: float = 8, message: str = "abaaabaa") -> Explorer:
    """Watch the arithmetic coder's interval shrink, symbol by symbol, under a model you set.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.ArithmeticInterval`, with sliders for the
        model's ``q(a)`` (0.1 to 0.9, step 0.1) and the number of symbols that have
        arrived (0 to the message's length): 81 frames for the default message.

    Examples
    --------
    >>> len(arithmetic_interval().grid())
    81
    """
    return Explorer(
        "arithmetic_interval",
        plots.ArithmeticInterval,
        args={"message": str(message)},
        controls=[
            Control("qa", "model's q(a)", 0.1, 0.9, 0.1, qa, ".1f"),
            Control("k", "symbols arrived", 0, len(message), 1, k, ".0f"),
        ],
        title="Arithmetic coding: an interval that shrinks by q(x) per symbol",
    )


@register
def order_bits(*, log_alpha: float = -2.0, size: float = 400_000) -> Explorer:
    """Bits per character against model order, on the training text and held out.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.OrderBits`, with sliders for the smoothing
        constant as ``log10(alpha)`` (-3 to 0, step 0.5) and the training size (50,000
        to 400,000 characters, step 50,000): 56 frames.

    Examples
    --------
    >>> len(order_bits().grid())
    56
    """
    return Explorer(
        "order_bits",
        plots.OrderBits,
        args={},
        controls=[
            Control("log_alpha", "smoothing: log₁₀ α", -3.0, 0.0, 0.5, log_alpha, ".1f"),
            Control("size", "training characters", 50_000, 400_000, 50_000, size, ",.0f"),
        ],
        title="Better models compress better, until they overfit",
    )


# -------------------------------------------------------------- chapter 11: modern training


@register
def distillation_temperature(*, T: float = 1.0, scale: float = 1.0) -> Explorer:
    """Raise the temperature of a teacher's soft targets; watch the distillation loss.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.DistillationTemperature`, with sliders
        for the temperature ``T`` (1 to 10, step 1) and the student's logit scale
        ``scale`` (0.25 to 2.5, step 0.25): 100 frames.

    Examples
    --------
    >>> len(distillation_temperature().grid())
    100
    """
    return Explorer(
        "distillation_temperature",
        plots.DistillationTemperature,
        args={},
        controls=[
            Control("T", "temperature T", 1.0, 10.0, 1.0, T, ".0f"),
            Control("scale", "student's logit scale α", 0.25, 2.5, 0.25, scale),
        ],
        title="Soft targets and the distillation loss",
    )


@register
def info_nce_bound(*, log2_n: float = 6.0, tau: float = 0.2) -> Explorer:
    """Move the batch size and the temperature of InfoNCE; watch ``log N - L`` against ``I``.

    Returns
    -------
    Explorer
        Over :class:`crossentropy.book.plots.InfoNCEBound`, with sliders for
        ``log2_n`` (batch size ``N = 2**log2_n``, 1 to 9) and the temperature
        ``tau`` (0.04 to 0.4, step 0.04): 90 frames.

    Examples
    --------
    >>> len(info_nce_bound().grid())
    90
    """
    return Explorer(
        "info_nce_bound",
        plots.InfoNCEBound,
        args={},
        controls=[
            Control("log2_n", "batch size: log₂ N", 1.0, 9.0, 1.0, log2_n, ".0f"),
            Control("tau", "temperature τ", 0.04, 0.4, 0.04, tau),
        ],
        title="The InfoNCE bound on mutual information",
    )
