#!/usr/bin/python3
"""The analysis `painlog analyze` runs, done with statsmodels, as a whole process.

bench/run times this script against `painlog analyze --outcome both --json` (both
models in one process, as here) over the same ten-year journal CSV (the file painlog
imported; written by `bench_analysis --write-csv`), with the same terms as
painlogd's journal analysis (daemon/analysis_table.cpp):

- categorical: mattress, pillow, position and the choice factor room, each against
  its most common level (ties: the first in sorted order);
- numeric, per unit: stress, sitting_hours, sleep_hours, sleep_quality and the number
  factor coffee; the yes/no factor alcohol as 0/1;
- one 0/1 term routine:NAME per routine done in the window;
- an intercept.

Then, as painlogd does: the mean pain per level of each factor (the first layer);
least squares for the reported fit; regression with AR(1) errors (GLSAR, iterated
to convergence: Prais-Winsten's question); logistic regression of bad mornings
(pain >= 5) with Newey-West errors, lag floor(4 (n/100)^(2/9)); Benjamini-Hochberg
across the factor terms of each model. Prints the coefficients as JSON.

Usage: analysis_statsmodels.py JOURNAL.csv [THRESHOLD]
"""
import json
import math
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.multitest import multipletests

CATEGORICAL = ["mattress", "pillow", "position", "room"]
NUMERIC = ["stress", "sitting_hours", "sleep_hours", "sleep_quality", "coffee"]


def read_journal(path):
    raw = pd.read_csv(path, keep_default_na=False, na_values=[""])
    # painlog's CSV names custom factors factor:NAME[TYPE].
    raw = raw.rename(columns=lambda c: c.split(":", 1)[1].split("[", 1)[0] if c.startswith("factor:") else c)
    frame = pd.DataFrame({"pain": raw["pain"].astype(float)})
    for name in CATEGORICAL:
        frame[name] = raw[name].astype(str)
    for name in NUMERIC:
        frame[name] = raw[name].astype(float)
    frame["alcohol"] = raw["alcohol"].map({"yes": 1.0, "no": 0.0})
    routines = raw["routines"].fillna("").str.split(";")
    names = sorted({r for done in routines for r in done if r})
    for name in names:
        frame["routine:" + name] = routines.map(lambda done, n=name: 1.0 if n in done else 0.0)
    return frame.dropna()


def design(frame):
    columns = {"(intercept)": np.ones(len(frame))}
    for name in CATEGORICAL:
        counts = frame[name].value_counts()
        reference = sorted(counts[counts == counts.max()].index)[0]
        for level in sorted(counts.index):
            if level != reference:
                columns[name + "=" + level] = (frame[name] == level).astype(float).to_numpy()
    for name in [c for c in frame.columns if c not in CATEGORICAL and c != "pain"]:
        columns[name] = frame[name].to_numpy()
    return pd.DataFrame(columns)


def coefficients(fit, names):
    p_values = np.asarray(fit.pvalues)
    adjusted = [None] * len(names)
    factor_terms = [i for i, n in enumerate(names) if n != "(intercept)"]
    if factor_terms:
        _, corrected, _, _ = multipletests(p_values[factor_terms], method="fdr_bh")
        for i, value in zip(factor_terms, corrected):
            adjusted[i] = float(value)
    ci = np.asarray(fit.conf_int())
    return [{"term": n, "estimate": float(fit.params.iloc[i]), "std_error": float(fit.bse.iloc[i]),
             "p_value": float(p_values[i]), "p_adjusted": adjusted[i],
             "ci_low": float(ci[i][0]), "ci_high": float(ci[i][1])} for i, n in enumerate(names)]


def main():
    path = sys.argv[1]
    threshold = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    frame = read_journal(path)
    x = design(frame)
    names = list(x.columns)
    y = frame["pain"].to_numpy()
    n = len(y)

    summary = {name: frame.groupby(name)["pain"].agg(["count", "mean"]).to_dict("index") for name in CATEGORICAL}
    ols = sm.OLS(y, x).fit()
    ar1 = sm.GLSAR(y, x, rho=1).iterative_fit(maxiter=100, rtol=1e-10)
    bad = (y >= threshold).astype(float)
    lag = int(math.floor(4.0 * (n / 100.0) ** (2.0 / 9.0)))
    logit = sm.Logit(bad, x).fit(disp=0, maxiter=100, cov_type="HAC", cov_kwds={"maxlags": lag})

    json.dump({
        "n": n,
        "terms": len(names),
        "summary": summary,
        "pain": {"model": "ols", "inference": "ar1", "rho": float(ar1.model.rho[0]),
                 "r_squared": float(ols.rsquared), "f_statistic": float(ols.fvalue),
                 "coefficients": coefficients(ar1, names)},
        "bad_morning": {"model": "logit", "inference": "newey_west", "hac_lag": lag,
                        "deviance": float(-2.0 * logit.llf), "aic": float(logit.aic),
                        "coefficients": coefficients(logit, names)},
    }, sys.stdout, default=str)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
