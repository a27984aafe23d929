"""Golden values for driftwatch's multivariate drift tests, computed once with NumPy / SciPy (Debian's python3-scipy).

Run from the repository root:

    /usr/bin/python3 src/test/python/golden_multivariate.py

It writes src/test/resources/golden/multivariate.json. Tests never call Python; they read that file.

- hotelling: two-sample Hotelling T^2 of a reference sample against a window sample with pooled covariance
  (denominator n1 + n2 - 2), F = (n1 + n2 - p - 1) / (p (n1 + n2 - 2)) T^2, p-value scipy.stats.f.sf(F, p,
  n1 + n2 - p - 1); partial_z = (S^-1 d)_j / sqrt((S^-1)_jj) sqrt(n1 n2 / (n1 + n2)), partial_p_value
  2 norm.sf(|z|) (null where the column is dropped). Columns listed in "dropped" (constant in the reference) are left out before the test.
- correlation: per pair (j, k), Fisher z of the window's against the reference's Pearson correlation,
  (atanh r_w - atanh r_ref) / sqrt(1/(n_w - 3) + 1/(n_ref - 3)), two-sided p = 2 norm.sf(|z|).
"""
import json
import pathlib

import numpy as np
import scipy
from scipy import stats

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "src" / "test" / "resources" / "golden" / "multivariate.json"


def hotelling(ref, win, dropped):
    keep = [j for j in range(ref.shape[1]) if j not in dropped]
    a, b = ref[:, keep], win[:, keep]
    n1, n2, p = len(a), len(b), len(keep)
    d = b.mean(axis=0) - a.mean(axis=0)
    pooled = ((n1 - 1) * np.cov(a, rowvar=False) + (n2 - 1) * np.cov(b, rowvar=False)) / (n1 + n2 - 2)
    t2 = n1 * n2 / (n1 + n2) * d @ np.linalg.solve(pooled, d)
    df2 = n1 + n2 - p - 1
    f = df2 / (p * (n1 + n2 - 2)) * t2
    inverse = np.linalg.inv(pooled)
    partial = np.full(ref.shape[1], np.nan)
    partial[keep] = inverse @ d / np.sqrt(np.diag(inverse)) * np.sqrt(n1 * n2 / (n1 + n2))
    partial_p = 2 * stats.norm.sf(np.abs(partial))
    return {"t2": t2, "f": f, "dimensions": p, "denominator_df": df2, "p_value": stats.f.sf(f, p, df2),
            "partial_z": [None if np.isnan(v) else v for v in partial],
            "partial_p_value": [None if np.isnan(v) else v for v in partial_p]}


def correlated(rng, n, corr, shift=None):
    x = rng.multivariate_normal(np.zeros(len(corr)), corr, size=n)
    if shift is not None:
        x = x + shift
    return x


def main():
    rng = np.random.default_rng(20261130)
    corr4 = np.array([[1, 0.5, 0.2, 0], [0.5, 1, 0.3, 0.1], [0.2, 0.3, 1, 0.9], [0, 0.1, 0.9, 1]])
    cases = []
    specs = [
        ("4 features, no shift, 353 vs 500", correlated(rng, 353, corr4), correlated(rng, 500, corr4), []),
        ("4 features, feature 0 shifted 0.25, 353 vs 500", correlated(rng, 353, corr4),
         correlated(rng, 500, corr4, np.array([0.25, 0, 0, 0])), []),
        ("5 features, small samples 30 vs 20", rng.normal(1, 2, (30, 5)), rng.normal(1.5, 2, (20, 5)), []),
    ]
    ref = correlated(rng, 100, corr4[:3, :3])
    win = correlated(rng, 80, corr4[:3, :3], np.array([0.3, 0, 0]))
    # Column 1 constant in the reference (a stuck feature), varying in the window: left out.
    ref = np.insert(ref, 1, 2.5, axis=1)
    win = np.insert(win, 1, rng.normal(2.5, 1, 80), axis=1)
    specs.append(("4 features, column 1 constant in the reference, 100 vs 80", ref, win, [1]))
    for name, a, b, dropped in specs:
        cases.append({"name": name, "reference": a.tolist(), "window": b.tolist(), "dropped": dropped,
                      **hotelling(a, b, dropped)})

    correlation = []
    broken = corr4.copy()
    broken[2, 3] = broken[3, 2] = 0.0  # features 2 and 3 made independent
    for name, a, b in [
        ("4 features, no change, 353 vs 500", correlated(rng, 353, corr4), correlated(rng, 500, corr4)),
        ("4 features, pair (2, 3) made independent, 353 vs 500", correlated(rng, 353, corr4),
         correlated(rng, 500, broken)),
    ]:
        ra, rb = np.corrcoef(a, rowvar=False), np.corrcoef(b, rowvar=False)
        pairs = []
        for j in range(4):
            for k in range(j + 1, 4):
                z = (np.arctanh(rb[j, k]) - np.arctanh(ra[j, k])) / np.sqrt(1 / (len(b) - 3) + 1 / (len(a) - 3))
                pairs.append({"features": [j, k], "reference_correlation": ra[j, k], "window_correlation": rb[j, k],
                              "z": z, "p_value": 2 * stats.norm.sf(abs(z))})
        pairs.sort(key=lambda q: q["p_value"])
        correlation.append({"name": name, "reference": a.tolist(), "window": b.tolist(), "pairs": pairs})

    OUT.write_text(json.dumps({"numpy": np.__version__, "scipy": scipy.__version__, "hotelling": cases,
                               "correlation": correlation}, indent=1))


if __name__ == "__main__":
    main()
