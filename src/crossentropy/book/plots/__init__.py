"""The book's figures, each built once and then updated in place.

A *view* (:class:`View`) owns a matplotlib figure: :meth:`View.draw` creates
the axes, the fixed artists and the artists that move, and :meth:`View.update`
moves those with ``set_data``, ``set_height`` and ``set_text``, so a redraw
never rebuilds the figure. Axis limits are fixed when drawing, so that the
picture does not jump while a reader drags a slider, and so that updating to
some values draws exactly what drawing at those values draws.

Views are what :mod:`crossentropy.book.explorers` animates; a chapter can also use
one for a still figure:

>>> from crossentropy.book.plots import SurprisalCurve, new_figure
>>> view = SurprisalCurve(new_figure(SurprisalCurve.figsize), base=2)
>>> view.update(p=0.25)
>>> view.fig  # doctest: +ELLIPSIS
<Figure size 640x360 with 1 Axes>

Modules: :mod:`~crossentropy.book.plots.information` (surprisal, entropy,
cross-entropy), :mod:`~crossentropy.book.plots.classification` (losses of
classifiers), :mod:`~crossentropy.book.plots.learning` (training and
calibration), :mod:`~crossentropy.book.plots.dependence` (two variables: the entropy
diagram, a noisy channel), :mod:`~crossentropy.book.plots.divergence` (the KL divergence
in both directions), :mod:`~crossentropy.book.plots.coding` (the arithmetic coder's
interval, compression against model order) and :mod:`~crossentropy.book.plots.training`
(distillation and InfoNCE). Every figure uses the palette of
:mod:`crossentropy.book.style`.
"""

from crossentropy.book.plots._base import (
    View,
    guide_line,
    log_label,
    moving_point,
    new_figure,
    readout,
    set_bar_heights,
    unit_name,
)
from crossentropy.book.plots.classification import (
    BinaryLossCurves,
    FocalLossCurves,
    LabelSmoothingMargin,
    SoftmaxLogit,
)
from crossentropy.book.plots.coding import (
    ArithmeticInterval,
    OrderBits,
    order_k_counts,
    pydoc_text,
)
from crossentropy.book.plots.dependence import (
    BinaryChannel,
    EntropyDiagram,
    binary_channel_table,
    coupled_table,
)
from crossentropy.book.plots.divergence import KLDirections, blob
from crossentropy.book.plots.information import (
    BinaryCrossEntropyCurve,
    BinaryEntropyCurve,
    CrossEntropyBars,
    EntropyTemperature,
    SurprisalCurve,
)
from crossentropy.book.plots.learning import (
    DistributionFitSteps,
    SoftmaxRegressionSteps,
    TemperatureCalibration,
)
from crossentropy.book.plots.training import (
    DistillationTemperature,
    InfoNCEBound,
    gaussian_pairs,
)

__all__ = [
    "ArithmeticInterval",
    "BinaryChannel",
    "BinaryCrossEntropyCurve",
    "BinaryEntropyCurve",
    "BinaryLossCurves",
    "CrossEntropyBars",
    "DistillationTemperature",
    "DistributionFitSteps",
    "EntropyDiagram",
    "EntropyTemperature",
    "FocalLossCurves",
    "InfoNCEBound",
    "KLDirections",
    "LabelSmoothingMargin",
    "OrderBits",
    "SoftmaxLogit",
    "SoftmaxRegressionSteps",
    "SurprisalCurve",
    "TemperatureCalibration",
    "View",
    "binary_channel_table",
    "blob",
    "coupled_table",
    "gaussian_pairs",
    "guide_line",
    "log_label",
    "moving_point",
    "new_figure",
    "order_k_counts",
    "pydoc_text",
    "readout",
    "set_bar_heights",
    "unit_name",
]
