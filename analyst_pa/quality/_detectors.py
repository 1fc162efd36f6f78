"""Detectors that look across rows or columns: unusual rows, repeated keys,
redundant numeric columns.

The two statistical detectors work on a seeded random sample of at most
:data:`SAMPLE_ROWS` rows (the whole table when it is smaller); the sample
size and seed are reported in each issue's ``details``, so a run can be
repeated exactly. A ``highly_correlated`` pair is measured on the sample but
counts, as its rows, those of the whole table where both columns are
present. Identifiers, constant and empty columns take no part:
a row number is not a measurement, and a column with one value tells
nothing about a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from analyst_pa.profile._semantic import named_like_identifier
from analyst_pa.quality._checks import check
from analyst_pa.quality._fixes import propose
from analyst_pa.quality._issues import MAX_EXAMPLES, find_examples, new_issue, plain
from analyst_pa.results import (
    ColumnProfile,
    Example,
    Issue,
    IssueKind,
    Scalar,
    SemanticType,
    Severity,
    TableProfile,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["anomalous_rows", "duplicate_keys", "highly_correlated"]

SEED = 0
# Rows the statistical detectors look at, at most.
SAMPLE_ROWS = 20_000

NUMBER_TYPES = frozenset(
    {SemanticType.INTEGER, SemanticType.FLOAT, SemanticType.DECIMAL}
)
# Columns the anomaly detector reads by how common each value is.
CATEGORY_TYPES = frozenset({SemanticType.CATEGORICAL, SemanticType.BOOLEAN})
TIME_TYPES = frozenset(
    {SemanticType.DATETIME, SemanticType.DATE, SemanticType.DURATION}
)

# Anomalous rows: the fewest rows and usable columns worth a forest, and
# its size. Scores are judged against the sample's own: a row is anomalous
# when it scores beyond Q3 + FENCE × IQR of the scores (and ANOMALY_FLOOR;
# 0.5 is an ordinary row), or beyond the looser NEAR_FENCE (and NEAR_FLOOR)
# with a value at least FAR_Z robust deviations out. The forest grows on
# 256-row subsamples, where a value far outside a column's range isolates
# no sooner than the column's own extremes; the second rule lets such rows
# through. Calibrated on Gaussian, log-normal and uniform columns (nothing
# or next to nothing flagged) and on rows injected 8-10 deviations away.
ANOMALY_MIN_ROWS = 50
ANOMALY_MIN_COLUMNS = 2
N_TREES = 100
FENCE = 4.5
ANOMALY_FLOOR = 0.65
NEAR_FENCE = 3.0
NEAR_FLOOR = 0.6
FAR_Z = 5.0
# A column whose skewness is beyond this is read on a log scale, so that
# the long tail of amounts or durations is not a row of anomalies.
SKEWED = 1.0
# A column explains a row when its robust z-score is at least this.
EXPLAINING_Z = 2.0
EXPLAINING_COLUMNS = 3

# Duplicate keys: a column is a key when at least this share of its present
# values are distinct; a foreign key (a customer in orders) repeats freely.
KEY_DISTINCT_SHARE = 0.9
# Once its keys repeat, a column of codes is no longer typed an identifier
# unless its name says so; it is still read as a key when it has at least
# this many present values and looks like one: text without spaces (codes),
# or whole numbers named like an identifier. Floats are measures.
KEY_MIN_VALUES = 50
KEY_LIKE_TYPES = frozenset({SemanticType.TEXT, SemanticType.INTEGER})

# Highly correlated: |Pearson| or |Spearman| at least this, over at least
# CORRELATION_MIN_ROWS rows where both are present.
CORRELATION = 0.95
CORRELATION_MIN_ROWS = 10


def sample_positions(
    n_rows: int, size: int = SAMPLE_ROWS, seed: int = SEED
) -> np.ndarray:
    """Return sorted row positions of a seeded sample of at most ``size``."""
    if n_rows <= size:
        return np.arange(n_rows)
    return np.sort(np.random.default_rng(seed).choice(n_rows, size, replace=False))


def _numbers(series: pd.Series) -> np.ndarray:
    """Return ``series`` as float64, NaN where a value is missing, not a
    number, or infinite."""
    import pandas as pd

    values = pd.to_numeric(series, errors="coerce")
    out = np.array(values.to_numpy(dtype="float64", na_value=np.nan))
    out[~np.isfinite(out)] = np.nan
    return out


def _times(series: pd.Series) -> np.ndarray | None:
    """Return timestamps and durations as seconds, or None when the column
    is not stored as either (dates held as text are the dates checks')."""
    import pandas as pd

    if isinstance(series.dtype, pd.DatetimeTZDtype) or series.dtype.kind == "M":
        return _numbers((series - series.min()).dt.total_seconds())
    if series.dtype.kind == "m":
        return _numbers(series.dt.total_seconds())
    return None


def _frequencies(series: pd.Series) -> np.ndarray:
    """Return, for each row, the share of rows holding its value; rare
    values get small numbers, so the forest can isolate them."""
    import pandas as pd

    codes, _ = pd.factorize(series, use_na_sentinel=True)
    present = codes >= 0
    shares = np.bincount(codes[present]) / max(int(present.sum()), 1)
    out = np.full(len(codes), np.nan)
    out[present] = shares[codes[present]]
    return out


def _usable(column: ColumnProfile) -> bool:
    return (
        column.semantic_type not in (SemanticType.IDENTIFIER, SemanticType.EMPTY)
        and column.distinct > 1
    )


@dataclass(frozen=True)
class Encoded:
    """The columns the forest reads, their values as floats (one column of
    ``matrix`` each), and which of them are categories read by frequency."""

    columns: list[ColumnProfile]
    matrix: np.ndarray
    by_frequency: list[bool]


def as_floats(series: pd.Series, column: ColumnProfile) -> np.ndarray | None:
    """Return the column as floats the detectors can compare (numbers as
    they are, times in seconds, categories by frequency), or None."""
    try:
        if column.semantic_type in NUMBER_TYPES:
            return _numbers(series)
        if column.semantic_type in TIME_TYPES:
            return _times(series)
        if column.semantic_type in CATEGORY_TYPES:
            return _frequencies(series)
    except (TypeError, ValueError, OverflowError):
        # A storage pandas cannot convert (an exotic extension type) leaves
        # the column out rather than the whole detector.
        return None
    return None


def encode(sample: pd.DataFrame, columns: list[ColumnProfile]) -> Encoded:
    """Return the columns of ``sample`` the forest can read, as floats."""
    kept, matrix = [], []
    for column in columns:
        values = as_floats(sample.iloc[:, column.position], column)
        # A column with one value in the sample cannot separate rows.
        if values is not None and np.unique(values[~np.isnan(values)]).size > 1:
            kept.append(column)
            matrix.append(values)
    return Encoded(
        kept,
        np.column_stack(matrix) if matrix else np.empty((len(sample), 0)),
        [c.semantic_type in CATEGORY_TYPES for c in kept],
    )


def robust_z(matrix: np.ndarray) -> np.ndarray:
    """Return each value's signed distance from its column's median in
    robust standard deviations (1.4826 × MAD; the standard deviation where
    half the values are equal, 1 where every value is)."""
    median = np.nanmedian(matrix, axis=0)
    scale = 1.4826 * np.nanmedian(np.abs(matrix - median), axis=0)
    spread = np.nanstd(matrix, axis=0)
    scale = np.where(scale > 0, scale, np.where(spread > 0, spread, 1.0))
    return (matrix - median) / scale


def _skewness(matrix: np.ndarray) -> np.ndarray:
    centred = matrix - np.nanmean(matrix, axis=0)
    spread = np.nanstd(matrix, axis=0)
    spread = np.where(spread > 0, spread, 1.0)
    return np.nanmean((centred / spread) ** 3, axis=0)


def forest_input(matrix: np.ndarray) -> np.ndarray:
    """Return the columns as the forest reads them: robust z-scores, skewed
    columns on a log scale, missing values at the median (0)."""
    z = robust_z(matrix)
    skewed = np.abs(_skewness(matrix)) > SKEWED
    z[:, skewed] = np.sign(z[:, skewed]) * np.log1p(np.abs(z[:, skewed]))
    return np.nan_to_num(z, nan=0.0)


def isolation_scores(z: np.ndarray) -> np.ndarray:
    """Return each row's isolation-forest anomaly score (0.5 is ordinary,
    near 1 is isolated at once)."""
    from sklearn.ensemble import IsolationForest

    forest = IsolationForest(n_estimators=N_TREES, random_state=SEED)
    return -forest.fit(z).score_samples(z)


def flag_anomalies(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Return the anomalous rows of the forest input ``z``, every row's
    score, and the score beyond which a row is anomalous on its own."""
    scores = isolation_scores(z)
    q1, q3 = np.percentile(scores, [25, 75])
    threshold = max(ANOMALY_FLOOR, q3 + FENCE * (q3 - q1))
    near = scores > max(NEAR_FLOOR, q3 + NEAR_FENCE * (q3 - q1))
    far = np.abs(z).max(axis=1) >= FAR_Z
    return np.flatnonzero((scores > threshold) | (near & far)), scores, threshold


def _shown(value: Any) -> Scalar:
    value = plain(value)
    return f"{value:.6g}" if isinstance(value, float) else value


def _explain(row: int, sample: pd.DataFrame, encoded: Encoded, z: np.ndarray) -> str:
    """Return the values that make row ``row`` of the sample unusual."""
    size = np.abs(np.nan_to_num(z[row], nan=0.0))
    order = np.argsort(-size, kind="stable")
    picked = [i for i in order[:EXPLAINING_COLUMNS] if size[i] >= EXPLAINING_Z]
    parts = []
    for i in picked or order[:1]:
        column = encoded.columns[i]
        value = _shown(sample.iloc[row, column.position])
        if encoded.by_frequency[i]:
            share = encoded.matrix[row, i]
            parts.append(f"{column.name}={value} (in {share:.1%} of rows)")
        else:
            parts.append(f"{column.name}={value} (z={z[row, i]:+.1f})")
    return ", ".join(parts)


@check(IssueKind.ANOMALOUS_ROWS)
def anomalous_rows(frame: pd.DataFrame, table: TableProfile) -> list[Issue]:
    """Rows an isolation forest separates from the others far sooner than
    usual, each explained by the values furthest from their column's
    median."""
    candidates = [c for c in table.columns if _usable(c)]
    if table.n_rows < ANOMALY_MIN_ROWS or len(candidates) < ANOMALY_MIN_COLUMNS:
        return []

    positions = sample_positions(table.n_rows)
    sample = frame.iloc[positions]
    encoded = encode(sample, candidates)
    if len(encoded.columns) < ANOMALY_MIN_COLUMNS:
        return []

    flagged, scores, threshold = flag_anomalies(forest_input(encoded.matrix))
    if not flagged.size:
        return []

    worst = flagged[np.argsort(-scores[flagged], kind="stable")][:MAX_EXAMPLES]
    z = robust_z(encoded.matrix)
    examples = [
        Example(row=plain(sample.index[i]), value=_explain(i, sample, encoded, z))
        for i in worst
    ]
    details = {"threshold": float(threshold), "sample_size": len(positions)}
    return [_anomaly_issue(encoded, int(flagged.size), examples, details, table)]


def _anomaly_issue(
    encoded: Encoded,
    count: int,
    examples: list[Example],
    details: dict[str, Any],
    table: TableProfile,
) -> Issue:
    names = [c.name for c in encoded.columns]
    size = details["sample_size"]
    scope = (
        f"of a sample of {size:,} of the {table.n_rows:,} rows"
        if size < table.n_rows
        else f"of {table.n_rows:,} rows"
    )
    return new_issue(
        IssueKind.ANOMALOUS_ROWS,
        names,
        count=count,
        n_rows=size,
        severity=Severity.INFO,
        message=(
            f"{count:,} {scope} stand apart from the others (isolation forest "
            f"over {len(names)} columns)."
        ),
        examples=examples,
        details={
            "method": "isolation forest",
            "trees": N_TREES,
            "far_z": FAR_Z,
            "seed": SEED,
            "columns": names,
            **details,
        },
    )


def _key_issue(column: ColumnProfile, series: pd.Series, n_rows: int) -> Issue | None:
    """Return the duplicate_keys issue of one identifier column, if any."""
    try:
        repeat = series.duplicated(keep="first") & series.notna()
    except TypeError:  # unhashable cells are no key
        return None
    count = int(repeat.sum())
    present = int(series.notna().sum())
    if not count or present - count < KEY_DISTINCT_SHARE * present:
        return None

    keys = series[repeat].drop_duplicates().head(3).tolist()
    return new_issue(
        IssueKind.DUPLICATE_KEYS,
        [column.name],
        count=count,
        n_rows=n_rows,
        message=(
            f"{column.name} looks like a key, but {count:,} row(s) repeat a value "
            f"of an earlier row (e.g. {', '.join(repr(plain(k)) for k in keys)})."
        ),
        examples=find_examples(series, repeat),
        details={"distinct": present - count, "present": present},
        fix=propose(
            "drop_duplicate_rows",
            f"Keep the first row of each {column.name}.",
            subset=[column.name],
        ),
    )


def _key_like(column: ColumnProfile, series: pd.Series) -> bool:
    """Return whether a column the profile did not call an identifier still
    looks like a key whose values happen to repeat: nearly unique codes
    without spaces, or nearly unique whole numbers named like identifiers."""
    import pandas as pd

    present = column.count
    if (
        column.semantic_type not in KEY_LIKE_TYPES
        or present < KEY_MIN_VALUES
        or column.distinct < KEY_DISTINCT_SHARE * present
    ):
        return False
    if column.semantic_type == SemanticType.INTEGER:
        whole = series.dtype.kind in "iu" or (
            isinstance(series.dtype, pd.ArrowDtype)
            and pd.api.types.is_integer_dtype(series.dtype)
        )
        return whole and named_like_identifier(column.name)
    try:
        text = series.dropna().astype(str)
    except (TypeError, ValueError):
        return False
    return not text.str.contains(r"\s", regex=True).any()


@check(IssueKind.DUPLICATE_KEYS)
def duplicate_keys(frame: pd.DataFrame, table: TableProfile) -> list[Issue]:
    """Key columns, nearly unique, whose values nonetheless repeat: the
    profile's identifiers, and codes or id-named integers nearly unique."""
    issues = []
    for column in table.columns:
        series = frame.iloc[:, column.position]
        if column.semantic_type != SemanticType.IDENTIFIER and not _key_like(
            column, series
        ):
            continue
        issue = _key_issue(column, series, table.n_rows)
        if issue is not None:
            issues.append(issue)
    return issues


def _correlations(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return Pearson and Spearman matrices over pairwise-present rows, and
    the count of those rows; NaN where a pair is undefined."""
    import pandas as pd

    frame = pd.DataFrame(matrix)
    present = (~np.isnan(matrix)).astype(np.int64)
    pearson = frame.corr(min_periods=CORRELATION_MIN_ROWS).to_numpy()
    # Ranks are taken once per column, over its present values, rather than
    # again for every pair: exact without missing values, close with them.
    spearman = frame.rank().corr(min_periods=CORRELATION_MIN_ROWS).to_numpy()
    return pearson, spearman, present.T @ present


def _defined(value: float) -> float | None:
    """Return ``value``, or None where the coefficient is undefined (NaN)."""
    return float(value) if np.isfinite(value) else None


def _r(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3f}"


def _measured_on(pair: Pair, sample_size: int, n_rows: int) -> str:
    if sample_size >= n_rows:
        return f"over the {pair.rows:,} rows where both are present"
    return (
        f"on the {pair.sample_rows:,} rows of a seeded sample of {sample_size:,} "
        "where both are present"
    )


@dataclass(frozen=True)
class Pair:
    """Two numeric columns and how closely they move together: the
    coefficients are measured on ``sample_rows`` rows of the sample, and
    both columns are present in ``rows`` rows of the whole table."""

    a: ColumnProfile
    b: ColumnProfile
    pearson: float | None
    spearman: float | None
    sample_rows: int
    rows: int


def _pair_issue(pair: Pair, sample_size: int, n_rows: int) -> Issue:
    a, b = pair.a, pair.b
    # Drop whichever has more missing values; on a tie, the later one.
    drop, keep = (a, b) if a.missing > b.missing else (b, a)
    return new_issue(
        IssueKind.HIGHLY_CORRELATED,
        [a.name, b.name],
        count=pair.rows,
        n_rows=n_rows,
        severity=Severity.INFO,
        message=(
            f"{a.name} and {b.name} move together (Pearson {_r(pair.pearson)}, "
            f"Spearman {_r(pair.spearman)} {_measured_on(pair, sample_size, n_rows)}"
            "); one of them may be redundant."
        ),
        details={
            "pearson": pair.pearson,
            "spearman": pair.spearman,
            "threshold": CORRELATION,
            "rows": pair.rows,
            "sample_rows": pair.sample_rows,
            "sample_size": sample_size,
            "seed": SEED,
        },
        fix=propose(
            "drop_columns",
            f"Drop {drop.name}, which {keep.name} nearly determines.",
            columns=[drop.name],
        ),
    )


@check(IssueKind.HIGHLY_CORRELATED)
def highly_correlated(frame: pd.DataFrame, table: TableProfile) -> list[Issue]:
    """Pairs of numeric columns with |Pearson| or |Spearman| at least
    :data:`CORRELATION`, on the rows where both are present."""
    columns = [
        c for c in table.columns if c.semantic_type in NUMBER_TYPES and _usable(c)
    ]
    if len(columns) < 2:
        return []

    positions = sample_positions(table.n_rows)
    sample = frame.iloc[positions]
    read = [(c, as_floats(sample.iloc[:, c.position], c)) for c in columns]
    columns = [c for c, values in read if values is not None]
    if len(columns) < 2:
        return []
    matrix = np.column_stack([values for _, values in read if values is not None])
    pearson, spearman, rows = _correlations(matrix)

    # The sample measures how closely two columns move together; the rows a
    # pair touches are counted on the whole table, exactly.
    sampled = len(positions) < table.n_rows
    finite: dict[int, np.ndarray] = {}
    issues = []
    for i, j in zip(*np.triu_indices(len(columns), k=1), strict=True):
        p, s = _defined(pearson[i, j]), _defined(spearman[i, j])
        # A pair with a column constant where the other is present is
        # undefined on both coefficients and never reported.
        strongest = max(abs(r) for r in (p, s, 0.0) if r is not None)
        if strongest < CORRELATION:
            continue
        a, b = columns[i], columns[j]
        both = int(rows[i, j])
        if sampled:
            both = int(
                np.count_nonzero(_finite(frame, a, finite) & _finite(frame, b, finite))
            )
        pair = Pair(a, b, p, s, sample_rows=int(rows[i, j]), rows=both)
        issues.append(_pair_issue(pair, len(positions), table.n_rows))
    return issues


def _finite(
    frame: pd.DataFrame, column: ColumnProfile, cache: dict[int, np.ndarray]
) -> np.ndarray:
    """Return where the column holds a finite number, in every row."""
    if column.position not in cache:
        series = frame.iloc[:, column.position]
        values = as_floats(series, column)
        cache[column.position] = (
            np.isfinite(values) if values is not None else series.notna().to_numpy()
        )
    return cache[column.position]
