"""The code an Apply writes, and how it is offered as the next cell."""

from __future__ import annotations

from IPython.core.payload import PayloadManager

from analyst_pa.notebook._code import cell_code, is_identifier, offer_next_cell

FIX_CODE = (
    "import numpy as np\nimport pandas as pd\n\n"
    "# Strip the spaces\n"
    'df["df"] = df["df"].str.strip()\n'
    "df = df.drop(columns=['x'])  # a comment about df\n"
)


def test_the_frame_is_renamed_as_a_name_never_inside_strings():
    code = cell_code(FIX_CODE, source="sales", target="clean", comment="fixes")

    assert 'clean["df"] = clean["df"].str.strip()' in code
    assert "clean = clean.drop(columns=['x'])  # a comment about df" in code


def test_the_cell_starts_with_its_comment_imports_and_a_copy():
    code = cell_code(FIX_CODE, source="sales", target="clean", comment="fixes")

    assert code.splitlines()[:5] == [
        "# fixes",
        "import numpy as np",
        "import pandas as pd",
        "",
        "clean = sales.copy()",
    ]


def test_a_loaded_source_is_loaded_again_in_the_cell():
    code = cell_code(
        FIX_CODE,
        source="analyst_pa.load('dataset:flights')",
        target="flights_clean",
        comment="fixes",
    )

    assert "import analyst_pa" in code
    assert "flights_clean = analyst_pa.load('dataset:flights')\n" in code


def test_variable_names():
    assert is_identifier("df_clean")
    assert not is_identifier("2x")
    assert not is_identifier("lambda")
    assert not is_identifier("a-b")


class _KernelShell:
    """What ipykernel's shell does with set_next_input: a payload."""

    def __init__(self) -> None:
        self.payload_manager = PayloadManager()

    def set_next_input(self, text: str, replace: bool = False) -> None:
        self.payload_manager.write_payload(
            {"source": "set_next_input", "text": text, "replace": replace}
        )


def test_a_newer_offer_replaces_one_not_yet_delivered():
    shell = _KernelShell()
    shell.payload_manager.write_payload({"source": "page", "data": {}})

    offer_next_cell(shell, "first")
    offer_next_cell(shell, "second")

    payloads = shell.payload_manager.read_payload()
    offers = [p for p in payloads if p["source"] == "set_next_input"]
    assert [p["text"] for p in offers] == ["second"]
    assert offers[0]["replace"] is False
    assert {"source": "page", "data": {}} in payloads
