"""Write the data sets that ship inside vega_datasets and palmerpenguins to
Parquet, for ``detection.py``.

Run with the interpreter of the peers' environment (``setup.sh`` installs
both packages there, so the analyst_pa venv stays as it is):
``python bench/_export_sets.py DIRECTORY``. Only the copies bundled with the
packages are read; nothing is downloaded.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    import palmerpenguins
    from vega_datasets import local_data

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    sets = {
        "airports": local_data.airports(),
        "cars": local_data.cars(),
        "seattle_weather": local_data.seattle_weather(),
        "penguins": palmerpenguins.load_penguins(),
    }
    for name, frame in sets.items():
        frame.to_parquet(out / f"{name}.parquet")
        print(name, frame.shape)


if __name__ == "__main__":
    main()
