"""Calibration bins and ECE against scikit-learn and hand computation."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.calibration import calibration_curve

from crossentropy.calibration import calibration_bins, expected_calibration_error


@pytest.mark.parametrize("n_bins", [1, 5, 10, 15])
def test_bins_match_sklearn_calibration_curve(rng, n_bins):
    prob = rng.uniform(size=500)
    outcome = (rng.uniform(size=500) < prob**1.5).astype(float)
    prob[:3] = [0.0, 0.5, 1.0]  # edges included
    bins = calibration_bins(prob, outcome, n_bins)
    frac_pos, mean_pred = calibration_curve(outcome, prob, n_bins=n_bins)
    filled = bins.count > 0
    np.testing.assert_allclose(bins.frequency[filled], frac_pos, rtol=1e-12)
    np.testing.assert_allclose(bins.mean_predicted[filled], mean_pred, rtol=1e-12)
    assert bins.count.sum() == 500
    assert np.isnan(bins.frequency[~filled]).all()


def test_ece_by_hand():
    # Bin [0, 0.5]: mean prediction 0.15, frequency 0.5; bin (0.5, 1]: 0.85 and 1.0.
    ece = expected_calibration_error([0.1, 0.2, 0.8, 0.9], [0, 1, 1, 1], n_bins=2)
    assert ece == pytest.approx((2 * 0.35 + 2 * 0.15) / 4, rel=1e-12)


def test_perfectly_calibrated_predictions_have_zero_ece():
    prob = np.repeat([0.25, 0.75], 4)
    outcome = np.array([1, 0, 0, 0, 1, 1, 1, 0])
    assert expected_calibration_error(prob, outcome, n_bins=4) == pytest.approx(0, abs=1e-15)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([0.5], [1.0, 0.0]), "same shape"),
        (([1.5], [1.0]), "prob has a probability above 1"),
        (([0.5], [np.nan]), "outcome contains NaN"),
        (([], []), "prob is empty"),
    ],
)
def test_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        calibration_bins(*args)


def test_bad_bin_count():
    with pytest.raises(ValueError, match="n_bins must be a positive integer"):
        calibration_bins([0.5], [1.0], n_bins=0)
