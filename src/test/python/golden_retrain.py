"""Golden values for driftwatch's champion/challenger comparison, computed once with SciPy 1.10.1 / scikit-learn 1.2.1.

Run from the repository root with Debian's Python (the one with SciPy and scikit-learn):

    /usr/bin/python3 src/test/python/golden_retrain.py

It writes src/test/resources/golden/retrain_scipy.json. Tests never call Python; they read that file.

For a few fixed holdouts (outcomes y and two models' predictions, rounded to 3 decimals and written out, so Java
reads exactly the values used here):

- metrics: sqrt(sklearn.metrics.mean_squared_error) and sklearn.metrics.r2_score of each model;
- t_tests: scipy.stats.ttest_rel(e_challenger**2, (1 - margin)**2 * e_champion**2, alternative="less"), the one-sided
  paired t-test of the squared errors, for several margins;
- bootstrap: the paired percentile bootstrap of RMSE differences with NumPy's legacy RandomState(seed), one
  randint(0, n, size=n) per resample, np.quantile's default (linear) percentiles.
"""
import json
import pathlib

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn.metrics import mean_squared_error, r2_score

ROOT = pathlib.Path(__file__).resolve().parents[3]
OUT = ROOT / "src" / "test" / "resources" / "golden" / "retrain_scipy.json"
MARGINS = [0.0, 0.02, 0.1]


def metrics(y, prediction):
    return {"rmse": float(np.sqrt(mean_squared_error(y, prediction))), "r2": float(r2_score(y, prediction))}


def bootstrap(sq_challenger, sq_champion, margin, alpha, resamples, seed):
    n = len(sq_challenger)
    rs = np.random.RandomState(seed)
    differences = np.empty(resamples)
    margin_differences = np.empty(resamples)
    first = None
    for b in range(resamples):
        rows = rs.randint(0, n, size=n)
        if first is None:
            first = rows[:10].tolist()
        rmse_challenger = np.sqrt(np.mean(sq_challenger[rows]))
        rmse_champion = np.sqrt(np.mean(sq_champion[rows]))
        differences[b] = rmse_challenger - rmse_champion
        margin_differences[b] = rmse_challenger - (1 - margin) * rmse_champion
    rmse_challenger = np.sqrt(np.mean(sq_challenger))
    rmse_champion = np.sqrt(np.mean(sq_champion))
    return {
        "margin": margin, "alpha": alpha, "resamples": resamples, "seed": seed, "first_rows": first,
        "difference": float(rmse_challenger - rmse_champion),
        "lower": float(np.quantile(differences, alpha / 2)),
        "upper": float(np.quantile(differences, 1 - alpha / 2)),
        "margin_difference": float(rmse_challenger - (1 - margin) * rmse_champion),
        "margin_upper_bound": float(np.quantile(margin_differences, 1 - alpha)),
    }


def case(name, seed, n, champion_bias, champion_sd, challenger_bias, challenger_sd, shrink=0.0):
    """Champion errors N(bias, sd); challenger errors shrink * champion errors + N(bias, sd) (paired when shrink > 0)."""
    rs = np.random.RandomState(seed)
    y = np.round(rs.normal(150, 60, n), 3)
    champion_error = rs.normal(champion_bias, champion_sd, n)
    champion = np.round(y - champion_error, 3)
    challenger = np.round(y - shrink * champion_error - rs.normal(challenger_bias, challenger_sd, n), 3)
    sq_champion = (y - champion) ** 2
    sq_challenger = (y - challenger) ** 2
    t_tests = []
    for margin in MARGINS:
        r = stats.ttest_rel(sq_challenger, (1 - margin) ** 2 * sq_champion, alternative="less")
        t_tests.append({"margin": margin, "statistic": float(r.statistic), "p_value": float(r.pvalue),
                        "df": n - 1})
    return {
        "name": name, "y": y.tolist(), "champion": champion.tolist(), "challenger": challenger.tolist(),
        "champion_metrics": metrics(y, champion), "challenger_metrics": metrics(y, challenger),
        "t_tests": t_tests,
        "bootstrap": [bootstrap(sq_challenger, sq_champion, 0.02, 0.05, 2000, 42),
                      bootstrap(sq_challenger, sq_champion, 0.0, 0.1, 500, 7)],
    }


def main():
    out = {
        "generator": {"script": "src/test/python/golden_retrain.py", "scipy": scipy.__version__,
                      "numpy": np.__version__, "sklearn": sklearn.__version__},
        "holdouts": [
            case("40 rows, challenger better", 7, 40, 8, 58, 0, 45),
            case("40 rows, challenger worse", 11, 40, 0, 50, 5, 56),
            case("300 rows, errors paired, challenger 15 % better", 13, 300, 0, 60, 0, 10, shrink=0.85),
            case("60 rows, significant at margin 0 but not at 0.02", 17, 60, 0, 55, 0, 55),
        ],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print("wrote", OUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
