"""One CLI vocabulary (issue 17 item 6): the same option for the same thing on every command."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from stockgate.cli import build_parser, main
from stockgate.cli.matrix_cmd import _versions

ONE = ["--scenario", "per-location/sale-moves-only-its-source"]


def _commands() -> dict[str, argparse.ArgumentParser]:
    """Every leaf command of the tree by its path ("cassettes verify"), walked from the parser itself."""
    leaves: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            leaves[path] = parser
        for action in subs:
            for name, child in action.choices.items():
                walk(child, f"{path} {name}".strip())

    walk(build_parser(), "")
    return leaves


COMMANDS = _commands()


def _options(command: str) -> dict[str, argparse.Action]:
    return {flag: a for a in COMMANDS[command]._actions for flag in a.option_strings}


REPORTING = ["run", "gate", "matrix", "diff", "cassettes verify", "cassettes lint"]
FORMATTED = [*REPORTING, "twin coverage", "contracts list", "contracts show", "contracts validate", "selftest"]
READS_CONTRACTS = ["run", "gate", "matrix", "diff", "surface", "cassettes verify", "cassettes record",
                   "cassettes audit", "cassettes fidelity", "twin serve", "twin coverage", "connector run",
                   "contracts list", "contracts show", "contracts validate"]
TALKATIVE = ["run", "gate", "matrix", "diff", "surface", "cassettes record", "cassettes lint", "cassettes verify",
             "cassettes audit", "cassettes fidelity", "contracts validate"]


@pytest.mark.parametrize("command", FORMATTED)
def test_every_reporting_command_takes_format(command: str) -> None:
    assert {"text", "json"} <= set(_options(command)["--format"].choices or ())


@pytest.mark.parametrize("command", ["gate", "matrix"])
def test_gate_and_matrix_print_their_markdown_report(command: str) -> None:
    assert "md" in (_options(command)["--format"].choices or ())


@pytest.mark.parametrize("command", REPORTING)
def test_every_reporting_command_takes_report_dir(command: str) -> None:
    assert "--report-dir" in _options(command)


@pytest.mark.parametrize("command", READS_CONTRACTS)
def test_every_command_reading_contracts_takes_contracts_dir(command: str) -> None:
    assert _options(command)["--contracts-dir"].dest == "contracts_dir"


@pytest.mark.parametrize("command", TALKATIVE)
def test_every_talkative_command_takes_quiet_and_verbose(command: str) -> None:
    options = _options(command)
    assert options["--quiet"].dest == options["--verbose"].dest == "verbosity"


def test_scenario_folders_are_scenario_dir_everywhere_and_scenarios_is_a_hidden_alias() -> None:
    with_folders = [c for c in COMMANDS if "--scenario-dir" in _options(c)]
    assert set(with_folders) >= {"run", "gate", "matrix", "surface", "cassettes record", "cassettes audit",
                                 "cassettes fidelity"}
    for command in COMMANDS:
        options = _options(command)
        if "--scenarios" in options:  # the old spelling still works, but no help shows it
            assert options["--scenarios"].help == argparse.SUPPRESS, command
            assert options["--scenarios"].dest == options["--scenario-dir"].dest == "scenarios", command
            assert "--scenarios" not in COMMANDS[command].format_help(), command
    args = build_parser().parse_args(["run", "--scenario-dir", "a", "--scenarios", "b"])
    assert args.scenarios == [Path("a"), Path("b")]


@pytest.mark.parametrize(("argv", "prog", "what"), [
    (["selftest", "--stores", "x", "--skus", "1", "--daily-orders", "1"], "stockgate selftest",
     "argument --stores: 'x' is not a whole number"),
    (["gate", "--jobs", "two"], "stockgate gate", "argument --jobs: invalid int value: 'two'"),
    (["twin", "serve"], "stockgate twin serve", "the following arguments are required: PLATFORM@VERSION"),
    (["gat"], "stockgate", "argument COMMAND: invalid choice: 'gat'"),
    (["selftest", "--stores", "0", "--skus", "1", "--daily-orders", "1"], "stockgate selftest",
     "--stores 0: expected 1 to 100,000,000 (a merchant with no store"),
    (["twin", "seed", "generate", "--skus", "0", "--outlets", "1", "--out", "never-written"],
     "stockgate twin seed generate", "--skus 0: expected 1 to 1,000,000"),
    (["drift", "simulate", "--stores", "1", "--skus", "10", "--daily-orders", "1", "--frobnicate"],
     "stockgate drift simulate", "unrecognized arguments: --frobnicate"),
    (["contracts", "list", "--frobnicate", "x"], "stockgate contracts list",
     "unrecognized arguments: --frobnicate x"),
], ids=["selftest", "gate", "twin-serve", "top", "selftest-value", "seed-sizes", "unknown-flag",
        "unknown-flag-nested"])
def test_an_argparse_error_names_its_command_once_and_its_help(
        argv: list[str], prog: str, what: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{prog}: error: {what}"), err
    assert err.endswith(f"(see `{prog} --help`)\n") and err.count("\n") == 1, err
    assert "error: stockgate" not in err  # not "stockgate: error: stockgate selftest: ..."


@pytest.mark.parametrize(("argv", "expected"), [
    (["run", "--magento", "magento@2.4.8", "--lightspeed", "2026-07"], (["2.4.8"], ["2026-07"])),
    (["run", "--magento", "2.4.8", "--lightspeed", "lightspeed@2026-07"], (["2.4.8"], ["2026-07"])),
    (["surface", "--out", "x", "--magento", "magento@2.4.9"], (["2.4.9"], None)),
    (["cassettes", "record", "--magento", "magento@2.4.8", "--lightspeed", "lightspeed@2026-10"],
     ("2.4.8", "2026-10")),
    (["cassettes", "audit", "--magento", "magento@2.4.8"], (["2.4.8"], None)),
], ids=["run-magento-ref", "run-lightspeed-ref", "surface", "record", "audit"])
def test_a_version_is_written_platform_at_version_or_bare(argv: list[str], expected: tuple[object, object]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.magento, args.lightspeed) == expected


def test_connector_run_versions_take_both_forms() -> None:
    args = build_parser().parse_args(["connector", "run", "--mapping", "m", "--magento", "http://m",
                                      "--lightspeed", "http://l", "--magento-version", "magento@2.4.8",
                                      "--lightspeed-version", "lightspeed@2026-07"])
    assert (args.magento_version, args.lightspeed_version) == ("2.4.8", "2026-07")


def test_matrix_versions_take_both_forms() -> None:
    assert _versions("magento@2.4.8, 2.4.9", "magento") == ["2.4.8", "2.4.9"]


@pytest.mark.parametrize(("argv", "expected"), [
    (["run", "--magento", "lightspeed@2026-07"], "'lightspeed@2026-07' is not a Magento version"),
    (["matrix", "--lightspeed", "2026-07,magento@2.4.8"], "'magento@2.4.8' is not a Lightspeed version"),
    (["cassettes", "record", "--lightspeed", "magento@2.4.8"], "'magento@2.4.8' is not a Lightspeed version"),
], ids=["run", "matrix", "record"])
def test_another_platforms_version_is_a_usage_error(argv: list[str], expected: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1, err


def test_run_quiet_prints_the_summary_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", *ONE, "--quiet"]) == 0
    assert capsys.readouterr().out == "1 of 1 scenario runs passed\n"


def test_run_verbose_shows_a_passing_runs_requests(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", *ONE, "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "per-location/sale-moves-only-its-source on " in out and "  request " in out
    assert main(["run", *ONE]) == 0
    assert "  request " not in capsys.readouterr().out  # the planted opposite: not without --verbose


def test_contracts_dir_applies_to_the_command_and_ends_with_it(
        contracts_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = os.environ.get("STOCKGATE_CONTRACTS_DIR")
    coverage = ["twin", "coverage", "magento@2.4.8", "--format", "json"]
    assert main([*coverage, "--contracts-dir", str(contracts_copy)]) == 0
    assert json.loads(capsys.readouterr().out)["ref"] == "magento@2.4.8"
    (contracts_copy / "index.toml").write_text("format = [\n", encoding="utf-8")  # planted: the copy is read
    assert main([*coverage, "--contracts-dir", str(contracts_copy)]) == 2
    assert "index.toml" in capsys.readouterr().err
    assert os.environ.get("STOCKGATE_CONTRACTS_DIR") == before
    assert main(coverage) == 0  # and only for that command: the shipped contracts again
    assert json.loads(capsys.readouterr().out)["ref"] == "magento@2.4.8"


def test_contracts_dir_without_an_index_is_one_usage_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", *ONE, "--contracts-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no contract index here" in err and "--contracts-dir" in err and err.count("\n") == 1


def test_cassettes_lint_and_verify_report_as_json_and_to_a_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shipped = Path(__file__).resolve().parents[2] / "cassettes" / "magento" / "2.4.9"
    some = sorted(shipped.glob("**/*.yaml"))[:2]
    for command in ("lint", "verify"):
        out_dir = tmp_path / command
        code = main(["cassettes", command, *map(str, some), "--format", "json", "--report-dir", str(out_dir)])
        printed = json.loads(capsys.readouterr().out)
        assert (code, printed["ok"], printed["files"]) == (0, True, [str(p) for p in some])
        assert json.loads((out_dir / f"cassettes-{command}.json").read_text(encoding="utf-8")) == printed
        assert main(["cassettes", command, *map(str, some), "--quiet"]) == 0
        assert capsys.readouterr().out.startswith("ok: ")
        assert main(["cassettes", command, *map(str, some), "--verbose"]) == 0
        assert capsys.readouterr().out.count("checked ") == len(some)


def test_contracts_validate_quiet_leaves_out_warnings_and_verbose_names_each_contract(
        capsys: pytest.CaptureFixture[str]) -> None:
    main(["contracts", "validate"])
    plain = capsys.readouterr().out
    assert "warning: " in plain  # the known upstream defects of the published Magento documents
    main(["contracts", "validate", "--quiet"])
    quiet = capsys.readouterr().out
    assert "warning: " not in quiet and quiet.count("\n") == 1 and "warning(s)" in quiet
    main(["contracts", "validate", "--verbose"])
    assert "checked magento@2.4.8\n" in capsys.readouterr().out


def test_diff_report_dir_quiet_and_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    diff = ["diff", "magento@2.4.8", "magento@2.4.9"]
    assert main([*diff, "--report-dir", str(tmp_path)]) == 0
    verdict = capsys.readouterr().out
    assert verdict.startswith("PASS: nothing blocks") and verdict.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diff-junit.xml", "diff.json", "diff.md"]
    assert json.loads((tmp_path / "diff.json").read_text(encoding="utf-8"))
    assert main([*diff, "--quiet"]) == 0
    assert capsys.readouterr().out == verdict
    assert main(diff) == 0
    plain = capsys.readouterr().out
    assert main([*diff, "--verbose"]) == 0
    verbose = capsys.readouterr().out
    assert len(verbose.splitlines()) > len(plain.splitlines())  # the info changes too, as --all lists them
    assert main([*diff, "--all"]) == 0
    assert capsys.readouterr().out == verbose


def test_cassettes_record_quiet_and_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = ["cassettes", "record", *ONE, "--magento", "magento@2.4.9", "--lightspeed", "lightspeed@2026-10"]
    assert main([*record, "--cassettes", str(tmp_path / "q"), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: 2 cassette(s) recorded from 1 scenario(s), 0 not passing") and out.count("\n") == 1
    assert len(list((tmp_path / "q").glob("**/*.yaml"))) == 2
    assert main([*record, "--cassettes", str(tmp_path / "v"), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert out.count("recorded ") == 3 and " request(s)" in out


def test_cassettes_audit_quiet_and_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    audit = ["cassettes", "audit", "--cassettes", str(tmp_path), "--magento", "magento@2.4.9"]  # no cassette there
    assert main(audit) == 1
    plain = capsys.readouterr().out
    assert plain.count("missing: ") > 1
    assert main([*audit, "--quiet"]) == 1
    assert capsys.readouterr().out == plain.splitlines()[-1] + "\n"
    assert main([*audit, "--verbose"]) == 1
    assert capsys.readouterr().out.startswith(f"audited {tmp_path} for magento@2.4.9-lightspeed@")
