#!/usr/bin/env python3
"""Writes the messy public tables of bench/tabular.js into bench/tabular/data/ (seeded: the same files every run).

Sources are the data bundled with Debian's python3-sklearn and python3-statsmodels (public datasets):
  fair.csv       statsmodels `fair` (Fair 1978, affairs survey, 6366 rows): label had_affair yes/no; integer codes
                 mapped to their names (occupation, religiousness, marriage rating, education), a yes/no column, an
                 interview date (noise); 3 % of feature cells blanked; written by pandas (minimal quoting, "" empty)
  anes96.csv     statsmodels `anes96` (1996 US election survey, 944 rows): label vote Clinton/Dole; party id and
                 education as names; 3 % blanked; written as R's write.csv does (every header and string quoted,
                 a row-name column with an empty header, NA for missing)
  diabetes.csv   scikit-learn `diabetes` raw values (Efron et al. 2004, 442 rows): label progression, 25..346;
                 sex as female/male; 2 % blanked; R style
  cancer.csv     scikit-learn `breast_cancer` (Wisconsin, 569 rows, 30 features): label diagnosis
                 malignant/benign; 8 % of feature cells missing (NA); pandas with every string quoted
Run: /usr/bin/python3 bench/tabular/make-tables.py
"""
import csv
import os

import numpy as np
import pandas as pd
import statsmodels.api as sm
from sklearn import datasets

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')
rng = np.random.default_rng(20261130)


def blank(df, share, skip):
    """Sets `share` of the cells of every column but `skip` to missing (NaN), at random."""
    df = df.copy()
    for c in df.columns:
        if c in skip:
            continue
        mask = rng.random(len(df)) < share
        df[c] = df[c].astype(object)
        df.loc[mask, c] = np.nan
    return df


def write_r(df, path):
    """R's write.csv: a quoted empty header for row names, quoted headers and strings, NA for missing."""
    with open(path, 'w', newline='') as f:
        f.write(','.join(['""'] + ['"%s"' % c for c in df.columns]) + '\n')
        for i, row in enumerate(df.itertuples(index=False), start=1):
            cells = ['"%d"' % i]
            for v in row:
                if v is None or (isinstance(v, float) and np.isnan(v)):
                    cells.append('NA')
                elif isinstance(v, str):
                    cells.append('"%s"' % v.replace('"', '""'))
                else:
                    cells.append(repr(float(v)) if isinstance(v, float) and not float(v).is_integer() else str(int(v)) if float(v).is_integer() else str(v))
            f.write(','.join(cells) + '\n')


def fair():
    d = sm.datasets.fair.load_pandas().data
    occ = {1: 'student', 2: 'farming, semi-skilled or unskilled', 3: 'white collar', 4: 'teacher, nurse or writer',
           5: 'managerial or business', 6: 'professional with advanced degree'}
    out = pd.DataFrame({
        'rate_marriage': d.rate_marriage.map({1: 'very poor', 2: 'poor', 3: 'fair', 4: 'good', 5: 'very good'}),
        'age': d.age,
        'yrs_married': d.yrs_married,
        'children': d.children,
        'has_children': np.where(d.children > 0, 'yes', 'no'),
        'religious': d.religious.map({1: 'not', 2: 'mildly', 3: 'fairly', 4: 'strongly'}),
        'educ': d.educ.astype(int).map({9: 'grade school', 12: 'high school', 14: 'some college', 16: 'college graduate',
                                        17: 'some graduate school', 20: 'advanced degree'}),
        'occupation': d.occupation.astype(int).map(occ),
        'occupation_husb': d.occupation_husb.astype(int).map(occ),
        'interviewed': pd.to_datetime('1974-01-01') + pd.to_timedelta(rng.integers(0, 365, len(d)), unit='D'),
        'had_affair': np.where(d.affairs > 0, 'yes', 'no'),
    })
    out['interviewed'] = out.interviewed.dt.strftime('%Y-%m-%d')
    blank(out, 0.03, {'had_affair'}).to_csv(os.path.join(OUT, 'fair.csv'), index=False)


def anes96():
    d = sm.datasets.anes96.load_pandas().data
    pid = ['strong democrat', 'weak democrat', 'independent democrat', 'independent', 'independent republican',
           'weak republican', 'strong republican']
    educ = ['grade 1-8', 'some high school', 'high school', 'some college', 'community college degree', 'BA degree',
            'advanced degree']
    out = pd.DataFrame({
        'popul': d.popul, 'TVnews': d.TVnews, 'selfLR': d.selfLR, 'ClinLR': d.ClinLR, 'DoleLR': d.DoleLR,
        'PID': d.PID.astype(int).map(lambda k: pid[k]), 'age': d.age,
        'educ': d.educ.astype(int).map(lambda k: educ[k - 1]), 'income': d.income,
        'vote': d.vote.astype(int).map({0: 'Clinton', 1: 'Dole'}),
    })
    write_r(blank(out, 0.03, {'vote'}), os.path.join(OUT, 'anes96.csv'))


def diabetes():
    d = datasets.load_diabetes(scaled=False)
    x = pd.DataFrame(d.data, columns=['age', 'sex', 'bmi', 'bp', 'tc', 'ldl', 'hdl', 'tch', 'ltg', 'glu'])
    x['sex'] = x.sex.map({1.0: 'female', 2.0: 'male'})
    x['progression'] = d.target
    write_r(blank(x, 0.02, {'progression'}), os.path.join(OUT, 'diabetes.csv'))


def cancer():
    d = datasets.load_breast_cancer()
    x = pd.DataFrame(d.data, columns=list(d.feature_names))
    x['diagnosis'] = [d.target_names[t] for t in d.target]
    blank(x, 0.08, {'diagnosis'}).to_csv(os.path.join(OUT, 'cancer.csv'), index=False, quoting=csv.QUOTE_NONNUMERIC,
                                          na_rep='NA')


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    fair()
    anes96()
    diabetes()
    cancer()
