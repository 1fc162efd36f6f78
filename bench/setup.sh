#!/usr/bin/env bash
# Create the virtual environments the benchmarks run the peers in.
#
# ydata-profiling needs pandas<3 and numpy<2.4, so it cannot live beside
# analyst_pa (pandas 3): it gets /work/benchenv-ydata. skrub, polars,
# duckdb and two packages of data sets get /work/benchenv-peers, pinned to
# the pandas and numpy of the analyst_pa venv, so that skrub reads the same
# frame with the same pandas.
# /work/venv itself is left as it is: other work runs its tests there.
set -euo pipefail

VENV=${ANALYST_VENV:-/work/venv}
YDATA=${YDATA_ENV:-/work/benchenv-ydata}
PEERS=${PEERS_ENV:-/work/benchenv-peers}
PY=${PYTHON:-python3}

pandas=$("$VENV/bin/python" -c "import pandas; print(pandas.__version__)")
numpy=$("$VENV/bin/python" -c "import numpy; print(numpy.__version__)")
pyarrow=$("$VENV/bin/python" -c "import pyarrow; print(pyarrow.__version__)")

make_env() {
    [ -x "$1/bin/python" ] || "$PY" -m venv "$1"
    "$1/bin/python" -m pip install --quiet --upgrade pip
}

make_env "$YDATA"
# setuptools: ydata-profiling still imports pkg_resources on some versions.
"$YDATA/bin/python" -m pip install --quiet ydata-profiling pyarrow setuptools

make_env "$PEERS"
# vega_datasets and palmerpenguins: real data sets shipped inside the
# packages, read by detection.py (through _export_sets.py), no download.
"$PEERS/bin/python" -m pip install --quiet skrub polars duckdb \
    vega_datasets palmerpenguins \
    "pandas==$pandas" "numpy==$numpy" "pyarrow==$pyarrow"

shown='ydata-profiling|skrub|polars|duckdb|vega-datasets|palmerpenguins'
shown="$shown|pandas|numpy|pyarrow"
for env in "$YDATA" "$PEERS"; do
    echo "== $env"
    "$env/bin/python" -m pip list 2>/dev/null | grep -iE "^($shown) "
done
