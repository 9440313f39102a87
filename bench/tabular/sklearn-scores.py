#!/usr/bin/env python3
"""scikit-learn's default MLP on the tables of bench/tabular.js, on nnkit's splits (bench/tabular/splits.json,
written by `node bench/tabular.js --write-splits`): the test rows of each seed are scored, every other row trains.

Peer pipeline (scikit-learn 1.2 defaults everywhere, random_state = seed):
  numeric      SimpleImputer(median, add_indicator=True) → StandardScaler
  categorical  SimpleImputer(constant "missing") → OneHotEncoder(handle_unknown="ignore")
  model        MLPClassifier() / MLPRegressor() (100 ReLU units, Adam 1e-3, batch 200, ≤ 200 epochs);
               regression also with TransformedTargetRegressor(StandardScaler()) (the target standardized)
Columns are typed by hand from tables.json (the peer is told what nnkit infers). Writes sklearn-scores.json.
Run: /usr/bin/python3 bench/tabular/sklearn-scores.py
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, log_loss, mean_absolute_error, mean_squared_error, r2_score, roc_auc_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
warnings.filterwarnings('ignore', category=ConvergenceWarning)


def preprocessor(numeric, categorical):
    num = make_pipeline(SimpleImputer(strategy='median', add_indicator=True), StandardScaler())
    cat = make_pipeline(SimpleImputer(strategy='constant', fill_value='missing'), OneHotEncoder(handle_unknown='ignore'))
    return ColumnTransformer([('num', num, numeric), ('cat', cat, categorical)])


def score(spec, df, test, seed):
    label = spec['label']
    drop = set(spec['dropForPeer']) | {label}
    categorical = spec['categorical']
    numeric = spec['numeric'] if spec['numeric'] != 'all other' else [c for c in df.columns if c not in drop | set(categorical)]
    x = df[numeric + categorical].copy()
    for c in categorical:
        x[c] = x[c].astype(object).where(x[c].notna(), np.nan).astype(str).replace('nan', np.nan)
    train = np.setdiff1d(np.arange(len(df)), test)
    xtr, xte, ytr, yte = x.iloc[train], x.iloc[test], df[label].iloc[train], df[label].iloc[test]
    out = {}
    if spec['task'] == 'classification':
        m = make_pipeline(preprocessor(numeric, categorical), MLPClassifier(random_state=seed)).fit(xtr, ytr)
        p = m.predict_proba(xte)
        out['accuracy'] = accuracy_score(yte, m.predict(xte))
        out['logLoss'] = log_loss(yte, p, labels=m.classes_)
        if len(m.classes_) == 2:
            out['rocAuc'] = roc_auc_score(yte == m.classes_[1], p[:, 1])
    else:
        for name, reg in [('', MLPRegressor(random_state=seed)),
                          ('Scaled', TransformedTargetRegressor(MLPRegressor(random_state=seed), transformer=StandardScaler()))]:
            m = make_pipeline(preprocessor(numeric, categorical), reg).fit(xtr, ytr)
            y = m.predict(xte)
            out['r2' + name] = r2_score(yte, y)
            out['mae' + name] = mean_absolute_error(yte, y)
            out['rmse' + name] = mean_squared_error(yte, y) ** 0.5
    return out


def main():
    config = json.load(open(os.path.join(HERE, 'tables.json')))
    splits = json.load(open(os.path.join(HERE, 'splits.json')))
    result = {}
    for spec in config['tables']:
        df = pd.read_csv(os.path.join(HERE, 'data', spec['file']), na_values=['NA', ''], keep_default_na=True)
        df.columns = ['' if c.startswith('Unnamed') else c for c in df.columns]
        result[spec['file']] = [score(spec, df, np.array(splits[spec['file']][str(s)]), s) for s in config['seeds']]
        print(spec['file'], result[spec['file']][0])
    json.dump({'sklearn': __import__('sklearn').__version__, 'scores': result}, open(os.path.join(HERE, 'sklearn-scores.json'), 'w'), indent=1)


if __name__ == '__main__':
    main()
