"""``iehub stats``: the contract's JSON, computed by the same engines, and one clear line for bad input."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pingouin
import pytest

from tests.engines.test_statistics import likert, two_factor_answers

SRC = str(Path(__file__).resolve().parents[2] / "src")


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "iehub", "stats", *arguments],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": SRC},
    )


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    data = likert(n=120, items=5, missing=0.03)
    rng = np.random.default_rng(1)
    path = tmp_path / "survey.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["q1", "q2", "q3", "q4", "q5", "ownership", "feedback"])
        for row in data:
            writer.writerow(
                [
                    *("" if np.isnan(v) else int(v) for v in row),
                    rng.choice(["国有", "民营"]),
                    rng.choice(["有", "无"]),
                ]
            )
    return path


def test_alpha_prints_the_contracts_object(survey: Path) -> None:
    completed = run("alpha", "--input", str(survey), "--items", "q1,q2,q3,q4,q5", "--missing", "listwise")
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert set(result) == {"alpha", "ci", "alpha_if_deleted", "n"}
    frame = pd.read_csv(survey, encoding="utf-8-sig")[["q1", "q2", "q3", "q4", "q5"]].dropna()
    assert result["alpha"] == pytest.approx(pingouin.cronbach_alpha(frame)[0], abs=1e-9)
    assert result["n"] == len(frame) and list(result["alpha_if_deleted"]) == ["q1", "q2", "q3", "q4", "q5"]


def test_kmo_crosstab_anova_and_ttest(survey: Path) -> None:
    kmo = json.loads(run("kmo", "--input", str(survey), "--items", "q1,q2,q3,q4,q5").stdout)
    assert set(kmo) == {"kmo", "kmo_per_item", "bartlett", "n"} and set(kmo["bartlett"]) == {
        "chi2",
        "dof",
        "p",
    }
    crosstab = json.loads(
        run("crosstab", "--input", str(survey), "--row", "ownership", "--col", "feedback").stdout
    )
    assert set(crosstab) == {"chi2", "dof", "p", "cramers_v", "n"} and crosstab["dof"] == 1
    anova = json.loads(
        run("anova", "--input", str(survey), "--dv", "q1", "--between", "ownership", "--welch").stdout
    )
    assert set(anova) == {"F", "p", "df1", "df2", "n"}
    ttest = json.loads(run("ttest", "--input", str(survey), "--dv", "q1", "--between", "ownership").stdout)
    assert set(ttest) == {"t", "p", "df", "n"}
    # with two groups, Student's t squared is the one-way F
    plain = json.loads(run("anova", "--input", str(survey), "--dv", "q1", "--between", "ownership").stdout)
    assert ttest["t"] ** 2 == pytest.approx(plain["F"], rel=1e-9)


def test_icc_and_krippendorff(tmp_path: Path) -> None:
    long = tmp_path / "icc.csv"
    ratings = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    long.write_text(
        "target,rater,rating\n"
        + "".join(f"w{t},j{r},{v}\n" for t, row in enumerate(ratings) for r, v in enumerate(row)),
        encoding="utf-8",
    )
    icc = json.loads(run("icc", "--input", str(long)).stdout)
    assert icc["ICC1"] == pytest.approx(0.17, abs=0.005)  # Shrout & Fleiss (1979), table 4
    assert icc["ICC3k"] == pytest.approx(0.91, abs=0.005)
    wide = tmp_path / "kripp.csv"
    wide.write_text("u1,u2,u3,u4\n1,2,3,3\n1,2,3,\n1,2,,3\n", encoding="utf-8")
    kripp = json.loads(run("krippendorff", "--input", str(wide), "--level", "nominal").stdout)
    assert kripp["alpha"] == pytest.approx(1.0) and kripp["n"] == 10


@pytest.mark.parametrize(
    ("arguments", "content", "message"),
    [
        (["alpha", "--items", "q1,q9"], "q1,q2\n1,2\n", "column 'q9' is not in the header"),
        (
            ["alpha", "--items", "q1,q2"],
            "q1,q2\n1,2\nthree,4\n",
            "column 'q1', row 3: 'three' is not a number",
        ),
        (["alpha", "--items", "q1"], "q1,q2\n1,2\n", "name at least two columns"),
        (["ttest", "--dv", "q1", "--between", "g"], "q1,g\n1,a\n2,a\n", "exactly two groups"),
        (["kmo", "--items", "q1,q2"], "q1,q2\n1,2\x00\n", "NUL bytes"),
        (["alpha", "--items", "q1,q2"], "q1,q2\n1,inf\n2,3\n", "not a finite number"),
    ],
)
def test_bad_input_is_one_line_naming_column_and_row(
    tmp_path: Path, arguments: list[str], content: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    completed = run(arguments[0], "--input", str(path), *arguments[1:])
    assert completed.returncode == 2 and completed.stdout == ""
    assert message in completed.stderr and len(completed.stderr.strip().splitlines()) == 1


def test_efa_prints_loadings_by_item(tmp_path: Path) -> None:
    path = tmp_path / "efa.csv"
    data = two_factor_answers()
    names = [f"q{i}" for i in range(1, 9)]
    path.write_text(
        ",".join(names) + "\n" + "".join(",".join(f"{v:.6f}" for v in row) + "\n" for row in data)
    )
    completed = run(
        "efa", "--input", str(path), "--items", ",".join(names), "--factors", "2", "--rotation", "promax"
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert list(result["loadings"]) == names and all(len(v) == 2 for v in result["loadings"].values())
    assert len(result["eigenvalues"]) == 8 and result["n"] == 175


def test_freq_reproduces_the_papers_sample_structure_table(tmp_path: Path) -> None:
    """The papers' 175 enterprises (../shared/DOMAIN.md): ownership private 74.86 %, state-owned 8.57 %,
    joint-venture/foreign 5.71 %, other 10.86 %; scale small 43.43 %, medium 40 %, large 16.57 %."""
    ownership = ["民营"] * 131 + ["国有"] * 15 + ["合资/外资"] * 10 + ["其他"] * 19
    scale = ["小型"] * 76 + ["中型"] * 70 + ["大型"] * 29
    path = tmp_path / "sample.csv"
    path.write_text(
        "ownership,scale\n" + "".join(f"{o},{s}\n" for o, s in zip(ownership, scale, strict=True)),
        encoding="utf-8",
    )
    completed = run("freq", "--input", str(path), "--columns", "ownership,scale")
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    shares = {v["value"]: round(v["percent"], 2) for v in result["ownership"]["values"]}
    assert shares == {"民营": 74.86, "国有": 8.57, "合资/外资": 5.71, "其他": 10.86}
    assert {v["value"]: round(v["percent"], 2) for v in result["scale"]["values"]} == {
        "小型": 43.43,
        "中型": 40.0,
        "大型": 16.57,
    }
    assert result["ownership"]["n"] == result["ownership"]["total"] == 175


def test_freq_separates_valid_percent_from_percent(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text("scale,x\n" + "小型,1\n" * 3 + "中型,1\n" + ",1\n" * 2 + "大型,1\n", encoding="utf-8")
    result = json.loads(run("freq", "--input", str(path), "--columns", "scale").stdout)["scale"]
    assert result["n"] == 5 and result["total"] == 7
    small = result["values"][0]
    assert small["value"] == "小型" and small["valid_percent"] == pytest.approx(60.0)
    assert small["percent"] == pytest.approx(300 / 7)
