"""Explorers: figures a reader moves with a slider, live in Jupyter and in the static book.

An explorer is declared once, here, as a function that returns an
:class:`Explorer`: a view from :mod:`crossentropy.plots`, the view's fixed
arguments, and one or two :class:`Control` sliders. It then renders two ways:

* **live**, in Jupyter, JupyterLab or VS Code: displaying an explorer shows
  ipywidgets sliders above an image that is redrawn (by updating the view's
  artists, not rebuilding the figure) on every change;
* **static**, in the HTML book: the output also carries the MIME type
  :data:`MIME_TYPE` holding a small JSON *spec*. At build time the Sphinx
  extension :mod:`crossentropy.sphinxext` rebuilds the explorer from the spec,
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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from crossentropy import plots

__all__ = ["EXPLORERS", "MIME_TYPE", "Control", "Explorer", "surprisal"]

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
    view : type of crossentropy.plots.View
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
            FigureCanvasAgg(fig)
            view = self.view_class(fig, **self.args)
            fig.canvas.draw()  # lay out once, then freeze the layout for every frame
            fig.set_layout_engine("none")
            self._view = view
        return self._view

    def render(self, values: dict[str, float] | None = None, *, fast: bool = False) -> bytes:
        """The figure at ``values`` (default: the current values) as PNG bytes.

        Parameters
        ----------
        values : dict, optional
            A value for each control.
        fast : bool, optional
            Favour speed over file size (for live redraws).
        """
        values = self.values if values is None else values
        view = self.view()
        view.update(**values)
        view.fig.canvas.draw()
        return _png(np.asarray(view.fig.canvas.buffer_rgba()), fast=fast)

    def alt_text(self, values: dict[str, float] | None = None) -> str:
        """The alt text of the frame at ``values`` (default: the current values)."""
        return self.view().alt_text(**(self.values if values is None else values))

    def frames(self) -> Iterator[tuple[dict[str, float], bytes, str]]:
        """Every frame of :meth:`grid`, as (values, PNG bytes, alt text)."""
        for values in self.grid():
            yield values, self.render(values), self.alt_text(values)

    # -------------------------------------------------------------- display

    def describe(self) -> str:
        """One line saying what the explorer shows and how to move it."""
        moves = " and ".join(
            f"{c.label} from {c.show(c.start)} to {c.show(c.stop)}" for c in self.controls
        )
        return f"Explorer '{self.name}': {self.title}. Drag {moves}."

    def widget(self) -> Any:
        """Ipywidgets sliders over an image that is redrawn on every change."""
        import ipywidgets as widgets

        image = widgets.Image(value=self.render(fast=True), format="png")
        image.layout.max_width = "100%"
        sliders = []
        for c in self.controls:
            slider = widgets.FloatSlider(
                value=self.values[c.name],
                min=c.start,
                max=c.stop,
                step=c.step,
                description=c.label,
                readout_format=c.format,
                continuous_update=True,
                style={"description_width": "initial"},
                layout=widgets.Layout(width="min(100%, 36em)"),
            )
            sliders.append(slider)

        def redraw(_change: Any) -> None:
            self.values = {c.name: s.value for c, s in zip(self.controls, sliders, strict=True)}
            image.value = self.render(fast=True)

        for slider in sliders:
            slider.observe(redraw, names="value")
        return widgets.VBox([*sliders, image])

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


def _png(rgba: np.ndarray, *, fast: bool = False) -> bytes:
    """Encode an RGBA frame as a small PNG: 8-bit palette, no timestamps."""
    image = Image.fromarray(rgba[..., :3])
    buffer = io.BytesIO()
    if fast:
        image.save(buffer, format="png", compress_level=1)
    else:
        image = image.quantize(
            colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        image.save(buffer, format="png", optimize=True)
    return buffer.getvalue()


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
        Over :class:`crossentropy.plots.SurprisalCurve`, with a slider for
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
