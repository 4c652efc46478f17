"""The views of two variables: their tables and the entropy diagram they draw."""

from __future__ import annotations

import numpy as np
import pytest

import crossentropy as ce
from crossentropy.book.plots import (
    BinaryChannel,
    EntropyDiagram,
    binary_channel_table,
    coupled_table,
    new_figure,
)


@pytest.mark.parametrize("seed", range(5))
def test_the_coupled_table_keeps_the_marginals_and_the_order(seed):
    rng = np.random.default_rng(seed)
    px, py = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(3))
    table = coupled_table(px, py)
    np.testing.assert_allclose(table.sum(axis=1), px, atol=1e-12)
    np.testing.assert_allclose(table.sum(axis=0), py, atol=1e-12)
    # A larger x never goes with a smaller y: the support runs down and to the right.
    cells = np.argwhere(table > 0)
    assert (np.diff(cells[:, 0]) >= 0).all() and (np.diff(cells[:, 1]) >= 0).all()


def test_the_coupled_table_of_equal_marginals_is_diagonal():
    p = [0.2, 0.3, 0.5]
    np.testing.assert_allclose(coupled_table(p, p), np.diag(p), atol=1e-15)


@pytest.mark.parametrize(("pi", "eps"), [(0.5, 0.1), (0.2, 0.3), (0.9, 0.0), (0.3, 0.5)])
def test_the_binary_channel_has_the_known_information(pi, eps):
    table = binary_channel_table(pi, eps)
    np.testing.assert_allclose(table.sum(axis=1), [1 - pi, pi], atol=1e-15)
    expected = ce.binary_entropy(pi * (1 - eps) + (1 - pi) * eps) - ce.binary_entropy(eps)
    assert ce.mutual_information(table) == pytest.approx(float(expected), abs=1e-12)
    view = BinaryChannel(new_figure(BinaryChannel.figsize), base=None)
    assert float(view.information(pi, eps)) == pytest.approx(float(expected), abs=1e-12)


@pytest.mark.parametrize("s", [0.0, 0.3, 1.0])
def test_the_diagram_pieces_add_up(s):
    view = EntropyDiagram(new_figure(EntropyDiagram.figsize))
    view.update(s=s)
    pxy = view.table(s)
    diagram = view.diagram
    h_xy = ce.joint_entropy(pxy, base=2)
    widths = [patch.get_width() for patch in diagram.split.patches]
    assert sum(widths) == pytest.approx(float(h_xy), abs=1e-12)
    assert widths[1] == pytest.approx(float(ce.mutual_information(pxy, base=2)), abs=1e-12)
    assert widths[2] == pytest.approx(float(ce.conditional_entropy(pxy, base=2)), abs=1e-12)
    x_bar, y_bar = diagram.x.patches[0], diagram.y.patches[0]
    # H(p_X) from the left, H(p_Y) from the right: they overlap by I(X; Y).
    assert x_bar.get_x() == 0 and y_bar.get_x() + y_bar.get_width() == pytest.approx(h_xy)
    assert x_bar.get_width() - y_bar.get_x() == pytest.approx(widths[1], abs=1e-12)
    if s == 0:
        assert widths[1] == 0.0
