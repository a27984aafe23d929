"""Golden values for driftwatch's drift statistics, computed once with SciPy 1.10.1 / NumPy 1.24.

Run from the repository root with Debian's Python (the one with SciPy and scikit-learn):

    /usr/bin/python3 src/test/python/golden_drift.py

It writes src/test/resources/golden/drift_scipy.json. Tests never call Python; they read that file.

- ks: two samples, scipy.stats.ks_2samp(x, y, method="asymp") (statistic and p-value), continuous and tied data;
  and scipy.stats.kstwo.sf(d, n), the distribution behind that p-value.
- chi_square: scipy.stats.chi2_contingency(table, correction=False) for 2 x k tables of reference and window counts.
- psi: sum((a - e) ln(a / e)) with shares floored at 1e-4, in NumPy.
- wasserstein: scipy.stats.wasserstein_distance between a window sample and the reference distribution that a
  101-point np.quantile grid describes (its piecewise-linear quantile function, discretised on 400 000 cells).
- notebook: the notebook's training rows and final LASSO (train_test_split(test_size=0.2, random_state=42),
  StandardScaler, LassoCV(logspace(-3, 0, 100), cv=10)) so drift tests can build the reference the artifact will hold.
"""
import json
import pathlib

import numpy as np
import scipy
from scipy import stats
import sklearn
from sklearn.linear_model import LassoCV
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

ROOT = pathlib.Path(__file__).resolve().parents[3]
CSV = ROOT / "src" / "main" / "resources" / "diabetes.csv"
OUT = ROOT / "src" / "test" / "resources" / "golden" / "drift_scipy.json"
GRID = np.linspace(0, 1, 101)


def ks_cases(rng):
    cases = []
    specs = [
        ("normal 353 vs shifted normal 500", rng.normal(0, 1, 353), rng.normal(0.2, 1, 500)),
        ("normal 40 vs normal 60", rng.normal(0, 1, 40), rng.normal(0, 1, 60)),
        ("ties: poisson 353 vs poisson 500", rng.poisson(4, 353).astype(float), rng.poisson(4.3, 500).astype(float)),
        ("large gap 353 vs 500", rng.normal(0, 1, 353), rng.normal(1.5, 1, 500)),
    ]
    for name, x, y in specs:
        r = stats.ks_2samp(x, y, method="asymp")
        cases.append({"name": name, "x": x.round(6).tolist(), "y": y.round(6).tolist(),
                      "statistic": float(r.statistic), "p_value": float(r.pvalue)})
    # Recompute on the rounded values written above, so Java sees exactly the same samples.
    for c in cases:
        r = stats.ks_2samp(np.array(c["x"]), np.array(c["y"]), method="asymp")
        c["statistic"], c["p_value"] = float(r.statistic), float(r.pvalue)
    survival = [{"d": d, "n": n, "sf": float(stats.kstwo.sf(d, n))}
                for d, n in [(0.05, 207), (0.1, 207), (0.136, 207), (0.3, 207), (0.2, 10), (0.02, 353), (0.5, 353),
                                (0.7, 1), (0.8, 2)]]
    return cases, survival


def chi_square_cases():
    tables = [
        ("sex, no drift", [[187, 166], [262, 238]]),
        ("sex, shifted", [[187, 166], [300, 200]]),
        ("three categories", [[50, 30, 20], [140, 100, 60]]),
        ("unknown code in the window", [[187, 166, 0], [250, 240, 10]]),
    ]
    out = []
    for name, t in tables:
        statistic, p, dof, _ = stats.chi2_contingency(np.array(t), correction=False)
        out.append({"name": name, "reference": t[0], "window": t[1], "statistic": float(statistic),
                    "p_value": float(p), "dof": int(dof)})
    return out


def psi(expected, actual):
    e = np.maximum(np.asarray(expected, float), 1e-4)
    a = np.maximum(np.asarray(actual, float), 1e-4)
    return float(np.sum((a - e) * np.log(a / e)))


def psi_cases():
    specs = [
        ("identical deciles", [0.1] * 10, [0.1] * 10),
        ("shifted deciles", [0.1] * 10, [0.02, 0.04, 0.06, 0.08, 0.1, 0.1, 0.12, 0.14, 0.16, 0.18]),
        ("binary", [0.53, 0.47], [0.6, 0.4]),
        ("empty window bin", [0.5, 0.3, 0.2], [0.6, 0.4, 0.0]),
    ]
    return [{"name": n, "expected": e, "actual": a, "psi": psi(e, a)} for n, e, a in specs]


def wasserstein_to_grid(window, grid_values, cells=400_000):
    # The reference's piecewise-linear quantile function, evaluated at the centres of equal-probability cells.
    centres = (np.arange(cells) + 0.5) / cells
    reference = np.interp(centres, GRID, grid_values)
    return float(stats.wasserstein_distance(window, reference))


def main():
    rng = np.random.default_rng(20261124)
    data = np.loadtxt(CSV, delimiter=",", skiprows=1)
    with open(CSV) as f:
        header = f.readline().strip().split(",")
    X, y = data[:, :-1], data[:, -1]
    idx = np.arange(len(y))
    X_train, X_test, y_train, y_test, train_index, test_index = train_test_split(
        X, y, idx, test_size=0.2, random_state=42)
    scaler = StandardScaler().fit(X_train)
    lasso_cv = LassoCV(alphas=np.logspace(-3, 0, 100), cv=10, max_iter=10000).fit(scaler.transform(X_train), y_train)
    final = LassoCV(alphas=[lasso_cv.alpha_], cv=10, max_iter=10000).fit(scaler.transform(X_train), y_train)

    wasserstein = []
    for feature, shift, stuck, jitter in [("bmi", 0.0, False, 0.0), ("bmi", 0.5, False, 0.0), ("bmi", 0.0, True, 0.0),
                                          ("s4", 0.0, False, 0.05), ("s5", -0.3, False, 0.02)]:
        j = header.index(feature)
        reference = X_train[:, j]
        sigma = reference.std()
        window = X[rng.integers(0, len(X), 500), j] + shift * sigma + rng.normal(0, jitter * sigma, 500)
        if stuck:
            window = np.full(500, np.median(reference))
        window = window.round(6)
        wasserstein.append({"feature": feature, "shift_sigma": shift, "stuck": stuck, "jitter_sigma": jitter,
                            "window": window.tolist(),
                            "wasserstein": wasserstein_to_grid(window, np.quantile(reference, GRID)),
                            "reference_std": float(sigma)})

    ks, survival = ks_cases(rng)
    out = {
        "generator": {"script": "src/test/python/golden_drift.py", "scipy": scipy.__version__,
                      "numpy": np.__version__, "sklearn": sklearn.__version__},
        "ks": ks,
        "kstwo_sf": survival,
        "chi_square": chi_square_cases(),
        "psi": psi_cases(),
        "wasserstein": wasserstein,
        "notebook": {
            "feature_names": header[:-1],
            "train_index": [int(i) for i in train_index],
            "scaler_mean": scaler.mean_.tolist(),
            "scaler_scale": scaler.scale_.tolist(),
            "lasso_alpha": float(final.alpha_),
            "lasso_coef": final.coef_.tolist(),
            "lasso_intercept": float(final.intercept_),
        },
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", OUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
