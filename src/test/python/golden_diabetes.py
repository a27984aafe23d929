"""Golden values for driftwatch's Java training code, computed once with scikit-learn 1.2.1.

Reproduces the notebook (../shared/seed, Phase 1 and task 2.1) on the raw-unit CSV bundled with driftwatch:
train_test_split(test_size=0.2, random_state=42), StandardScaler, OLS, Ridge(alpha=1) with 5-fold CV RMSE,
Lasso(alpha=0.1), RidgeCV(logspace(-3, 2, 100), cv=10), LassoCV(logspace(-3, 0, 100), cv=10) and the final LASSO's
test predictions. It also checks that the notebook's own pre-scaled data (load_diabetes()) gives the same models.

Run from the repository root with Debian's Python (the one with scikit-learn 1.2.1):

    /usr/bin/python3 src/test/python/golden_diabetes.py

It writes src/test/resources/golden/diabetes_sklearn.json. Tests never call Python; they read that file.
"""
import json
import pathlib

import numpy as np
import scipy
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso, LassoCV, LinearRegression, Ridge, RidgeCV
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.model_selection import GridSearchCV, cross_val_predict, cross_val_score, train_test_split
from sklearn.preprocessing import StandardScaler

ROOT = pathlib.Path(__file__).resolve().parents[3]
CSV = ROOT / "src" / "main" / "resources" / "diabetes.csv"
OUT = ROOT / "src" / "test" / "resources" / "golden" / "diabetes_sklearn.json"

RIDGE_ALPHAS = np.logspace(-3, 2, 100)
LASSO_ALPHAS = np.logspace(-3, 0, 100)


def metrics(y_true, y_pred):
    return {
        "rmse": float(np.sqrt(mean_squared_error(y_true, y_pred))),
        "r2": float(r2_score(y_true, y_pred)),
    }


def notebook(X, y):
    """The notebook's Phase 1 cells, verbatim in substance; returns the fitted objects and the split."""
    idx = np.arange(len(y))
    X_train, X_test, y_train, y_test, train_index, test_index = train_test_split(
        X, y, idx, test_size=0.2, random_state=42)
    scaler = StandardScaler()
    X_train_scaled = scaler.fit_transform(X_train)
    X_test_scaled = scaler.transform(X_test)
    ols = LinearRegression().fit(X_train_scaled, y_train)
    ridge = Ridge(alpha=1.0).fit(X_train_scaled, y_train)
    ridge_cv5 = cross_val_score(Ridge(alpha=1.0), X_train_scaled, y_train,
                                scoring="neg_root_mean_squared_error", cv=5)
    lasso = Lasso(alpha=0.1, max_iter=10000).fit(X_train_scaled, y_train)
    ridge_cv = RidgeCV(alphas=RIDGE_ALPHAS, cv=10).fit(X_train_scaled, y_train)
    lasso_cv = LassoCV(alphas=LASSO_ALPHAS, cv=10, max_iter=10000).fit(X_train_scaled, y_train)
    lasso_final = LassoCV(alphas=[lasso_cv.alpha_], cv=10, max_iter=10000).fit(X_train_scaled, y_train)
    return locals()


def main():
    data = np.loadtxt(CSV, delimiter=",", skiprows=1)
    with open(CSV) as f:
        header = f.readline().strip().split(",")
    X, y = data[:, :-1], data[:, -1]
    nb = notebook(X, y)
    Xtr, Xte, ytr, yte = nb["X_train_scaled"], nb["X_test_scaled"], nb["y_train"], nb["y_test"]

    # The notebook itself ran on load_diabetes()'s pre-scaled columns; StandardScaler undoes that scaling.
    Xs, ys = load_diabetes(return_X_y=True)
    assert np.array_equal(ys, y), "CSV rows are not in load_diabetes order"
    nb_scaled = notebook(Xs, ys)
    same_model_check = {
        name: float(np.max(np.abs(getattr(nb[name], "coef_") - getattr(nb_scaled[name], "coef_"))))
        for name in ("ols", "ridge", "lasso", "ridge_cv", "lasso_cv")
    }
    assert nb_scaled["ridge_cv"].alpha_ == nb["ridge_cv"].alpha_
    assert nb_scaled["lasso_cv"].alpha_ == nb["lasso_cv"].alpha_

    grid = GridSearchCV(Ridge(), {"alpha": RIDGE_ALPHAS}, cv=10).fit(Xtr, ytr)
    assert grid.best_params_["alpha"] == nb["ridge_cv"].alpha_

    ols, ridge, lasso, lasso_cv, lasso_final = (
        nb["ols"], nb["ridge"], nb["lasso"], nb["lasso_cv"], nb["lasso_final"])
    assert np.array_equal(lasso_cv.coef_, lasso_final.coef_)
    oof = cross_val_predict(Lasso(alpha=lasso_cv.alpha_, max_iter=10000), Xtr, ytr, cv=10)

    rs = np.random.RandomState(42)
    state_key = rs.get_state()[1][:4]
    random_state = {
        "seed": 42,
        "key_after_seeding": [int(k) for k in state_key],
        "random_sample": [float(v) for v in rs.random_sample(3)],
        "permutation_10_seed_0": np.random.RandomState(0).permutation(10).tolist(),
        "permutation_1000_seed_7": np.random.RandomState(7).permutation(1000).tolist(),
    }

    def fitted(model, **extra):
        return {"coef": model.coef_.tolist(), "intercept": float(model.intercept_), **extra}

    ols_test, lasso_test, final_test = (metrics(yte, m.predict(Xte)) for m in (ols, lasso, lasso_final))
    golden = {
        "generator": {
            "script": "src/test/python/golden_diabetes.py",
            "sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
        },
        "feature_names": header[:-1],
        "target": header[-1],
        "n_rows": int(len(y)),
        "train_index": nb["train_index"].tolist(),
        "test_index": nb["test_index"].tolist(),
        "scaler_mean": nb["scaler"].mean_.tolist(),
        "scaler_scale": nb["scaler"].scale_.tolist(),
        "ols": fitted(ols, test_rmse=ols_test["rmse"], test_r2=ols_test["r2"]),
        "ridge_alpha1": fitted(ridge, cv5_rmse=float(-nb["ridge_cv5"].mean()),
                               cv5_fold_rmse=(-nb["ridge_cv5"]).tolist()),
        "lasso_alpha01": fitted(lasso, n_iter=int(lasso.n_iter_), test_rmse=lasso_test["rmse"],
                                test_r2=lasso_test["r2"]),
        "ridge_cv": {
            "alpha": float(nb["ridge_cv"].alpha_),
            "alphas": RIDGE_ALPHAS.tolist(),
            "mean_r2": grid.cv_results_["mean_test_score"].tolist(),
        },
        "lasso_cv": fitted(
            lasso_cv,
            alpha=float(lasso_cv.alpha_),
            n_iter=int(lasso_cv.n_iter_),
            zeroed=int(np.sum(lasso_cv.coef_ == 0)),
            alphas_descending=lasso_cv.alphas_.tolist(),
            mean_mse_descending=lasso_cv.mse_path_.mean(axis=1).tolist(),
            train_rmse=metrics(ytr, lasso_cv.predict(Xtr))["rmse"],
            train_r2=metrics(ytr, lasso_cv.predict(Xtr))["r2"],
            test_rmse=final_test["rmse"],
            test_r2=final_test["r2"],
        ),
        "test_predictions": lasso_final.predict(Xte).tolist(),
        "oof_predictions": oof.tolist(),
        "notebook_prescaled_max_coef_difference": same_model_check,
        "random_state": random_state,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(golden, indent=1) + "\n")

    print(f"OLS: RMSE={ols_test['rmse']:.2f}, R2={ols_test['r2']:.2f}")
    print("Coefficients OLS:", np.round(ols.coef_, 2))
    print(f"Ridge (alpha=1.0): RMSE CV={-nb['ridge_cv5'].mean():.2f}")
    print(f"LASSO (alpha=0.1): RMSE={lasso_test['rmse']:.2f}, R2={lasso_test['r2']:.2f}")
    print(f"Alpha optimal Ridge : {nb['ridge_cv'].alpha_:.4f}")
    print(f"Alpha optimal LASSO : {lasso_cv.alpha_:.4f}")
    print(f"Variables annulées par LASSO : {np.sum(lasso_cv.coef_ == 0)} sur {X.shape[1]}")
    print(f"Prediction for the test example: {lasso_final.predict(Xte[:1])[0]:.2f}")
    print("pre-scaled vs raw max |coef difference|:", same_model_check)
    print("wrote", OUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
