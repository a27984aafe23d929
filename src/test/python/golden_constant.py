"""Golden values for driftwatch's constant-feature rule (io.driftwatch.core.model.ConstantFeature), computed once with
scikit-learn 1.2.1 / NumPy 1.24.

Run from the repository root with Debian's Python (the one with scikit-learn):

    /usr/bin/python3 src/test/python/golden_constant.py

It writes src/test/resources/golden/constant_sklearn.json. Tests never call Python; they read that file.

- bound: sklearn.preprocessing._data._is_constant_feature(var, mean, n) and the scale
  _handle_zeros_in_scale(sqrt(var), constant_mask=...) gives, for (var, mean, n) triples around the bound
  n·eps·var + (n·mean·eps)² (just below, at and just above it), at several magnitudes.
- scaler: StandardScaler().fit(X) on 353-row columns (constant, near-constant, and columns a magnitude-blind threshold
  would misjudge): mean_, var_, scale_ and which columns scikit-learn treats as constant.
"""
import json
import math
import pathlib

import numpy as np
import sklearn
from sklearn.preprocessing import StandardScaler
from sklearn.preprocessing._data import _handle_zeros_in_scale, _is_constant_feature

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "src" / "test" / "resources" / "golden" / "constant_sklearn.json"
EPS = np.finfo(np.float64).eps
N = 353


def bound_cases():
    cases = []
    for mean in [0.0, 1e-20, -3.0, 14.62, 1e6, -2.5e12]:
        for n in [2, 353, 100_000]:
            # var <= n·eps·var + (n·mean·eps)² is var·(1 - n·eps) <= (n·mean·eps)²: the boundary and its neighbours.
            edge = (n * mean * EPS) ** 2 / (1 - n * EPS)
            for var in sorted({0.0, np.nextafter(edge, 0), edge, np.nextafter(edge, np.inf), edge * 4, 1e-300,
                               float((8.5e-14) ** 2), 1.0}):
                var = float(var)
                constant = bool(_is_constant_feature(np.array([var]), np.array([mean]), n)[0])
                scale = _handle_zeros_in_scale(np.sqrt(np.array([var])), copy=True,
                                               constant_mask=np.array([constant]))
                cases.append({"var": var, "mean": mean, "n": n, "constant": constant, "scale": float(scale[0])})
    return cases


def scaler_columns():
    i = np.arange(N)
    columns = {
        "constant 14.62": np.full(N, 14.62),
        "14.62 plus 0..3 x 1e-15": 14.62 + (i % 4) * 1e-15,
        "1e6 plus -3..3 x 1e-9": 1e6 + (i % 7 - 3) * 1e-9,
        "1e6 plus -3..3 x 1e-6": 1e6 + (i % 7 - 3) * 1e-6,
        "1e-20 times 1 plus -0.3..0.3": 1e-20 * (1 + (i % 7 - 3) * 0.1),
        "zeros": np.zeros(N),
        "bmi-like": 26.4 + 4.4 * np.sin(i * 0.7),
    }
    names = list(columns)
    x = np.column_stack([columns[k] for k in names])
    scaler = StandardScaler().fit(x)
    constant = _is_constant_feature(scaler.var_, scaler.mean_, scaler.n_samples_seen_)
    return {
        "names": names,
        "columns": [columns[k].tolist() for k in names],
        "n": int(scaler.n_samples_seen_),
        "mean": scaler.mean_.tolist(),
        "var": scaler.var_.tolist(),
        "scale": scaler.scale_.tolist(),
        "constant": [bool(c) for c in constant],
    }


def main():
    assert math.isclose(EPS, 2.0 ** -52)
    out = {
        "generator": {"script": "src/test/python/golden_constant.py", "numpy": np.__version__,
                      "sklearn": sklearn.__version__},
        "bound": bound_cases(),
        "scaler": scaler_columns(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", OUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
