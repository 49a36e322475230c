"""`stockgate drift observe` against twins served on loopback standing in for staging, on wall time.

The reference connector runs as a separate process on its own schedule (stock every 2 s), a scripted
cashier closes POS sales, and the observer (read-only) must measure each sampled sale's delay to within
its polling resolution, send nothing but GET, and resume from its state file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from stockgate.drift.measure import summarize
from stockgate.drift.observe import ObserveConfig, Observer, parse_peak, resolve_links
from stockgate.errors import UsageError
from stockgate.live.client import Limits, Refused, StoreClient
from stockgate.target import parse_target
from tests.served import serve

ROOT = Path(__file__).resolve().parents[2]
CMD = [sys.executable, "-m", "stockgate"]
TOKENS = {"STOCKGATE_MAGENTO_TOKEN": "stockgate-demo-token", "STOCKGATE_LIGHTSPEED_TOKEN": "stockgate-demo-token"}
LS = {"Authorization": "Bearer stockgate-demo-token"}
STOCK_EVERY = 2.0  # the connector's stock flow period (s)
POLL = 1.0


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """Both twins served on wall time, the reference connector running against them: (magento, lightspeed, mapping)."""
    magento, m_url = serve("magento@2.4.8", "--profile", "integration-bearer-on")
    lightspeed, l_url = serve("lightspeed@2026-07")
    mapping = yaml.safe_load((ROOT / "scenarios" / "mappings" / "demo.yaml").read_text())
    mapping["polling"] = {"stock": STOCK_EVERY, "orders": 30, "returns": 30, "catalog": 600}
    path = tmp_path / "mapping.yaml"
    path.write_text(yaml.safe_dump(mapping))
    connector = subprocess.Popen([*CMD, "connector", "run", "--mapping", str(path), "--magento", m_url,
                                  "--lightspeed", l_url, "--state", str(tmp_path / "connector.sqlite"),
                                  "--magento-version", "2.4.8"], env={**os.environ, **TOKENS},
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        yield m_url, l_url, path
    finally:
        for proc in (connector, magento, lightspeed):
            proc.terminate()
            proc.communicate(timeout=20)


class Cashier:
    """Closes a sale of one unit of MUG-BLK or CAP-NVY at Central Store every ``every`` seconds, over HTTP."""

    def __init__(self, l_url: str, every: float = 2.5) -> None:
        self.url, self.every, self.done = l_url, every, threading.Event()
        registers = httpx.get(f"{l_url}/api/2.0/registers", headers=LS).json()["data"]
        outlets = {o["id"]: o["name"] for o in httpx.get(f"{l_url}/api/2.0/outlets", headers=LS).json()["data"]}
        self.register = next(r["id"] for r in registers if outlets[r["outlet_id"]] == "Central Store")
        self.user = httpx.get(f"{l_url}/api/2.0/users", headers=LS).json()["data"][0]["id"]
        products = httpx.get(f"{l_url}/api/2.0/products", params={"page_size": 200}, headers=LS).json()["data"]
        self.products = [p["id"] for p in products if p["sku"] in ("MUG-BLK", "CAP-NVY")]
        self.closed = 0
        self.thread = threading.Thread(target=self._sell, daemon=True)

    def _sell(self) -> None:
        while not self.done.wait(self.every):
            product = self.products[self.closed % len(self.products)]
            r = httpx.post(f"{self.url}/api/register_sales", headers=LS, json={
                "register_id": self.register, "user_id": self.user, "status": "CLOSED",
                "register_sale_products": [{"product_id": product, "quantity": 1, "price": 12, "tax": 0}]})
            r.raise_for_status()
            self.closed += 1

    def __enter__(self) -> Cashier:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.done.set()
        self.thread.join(10)


class Recorded(httpx.HTTPTransport):
    """A real HTTP transport that notes every method it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.methods: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.methods.append(request.method)
        return super().handle_request(request)


def test_it_measures_a_separate_process_connectors_delays_and_only_reads(
        stores: tuple[str, str, Path], tmp_path: Path) -> None:
    m_url, l_url, _ = stores
    target = parse_target(f"{m_url},{l_url}", TOKENS)
    assert target is not None
    seen = Recorded()
    magento = StoreClient(target=target, platform="magento", limits=Limits(max_requests=10**9, rate=50),
                          transport=seen)
    lightspeed = StoreClient(target=target, platform="lightspeed", transport=seen,
                             limits=Limits(max_requests=10**9, rate=50, window=(1000, 300.0)))
    config = ObserveConfig(seconds=22, poll=POLL, sample=50, peak=(0, 24 * 60), stores="loopback")
    links = resolve_links(magento, lightspeed, None)  # no mapping: outlets matched to sources by name
    assert {o.source for o in links.outlets.values()} == {"central", "north"} and links.stock_id == 2
    observer = Observer(config, magento, lightspeed, links, tmp_path / "observe.json")
    try:
        with Cashier(l_url) as cashier:
            raw = observer.run()
    finally:
        magento.close()
        lightspeed.close()
    assert cashier.closed >= 5
    measured = [s for s in raw.sales if s.at < raw.end - STOCK_EVERY - 2 * POLL]  # old enough to have shown
    assert len(measured) >= 4
    assert all(s.reflected_at is not None for s in measured), [s.as_dict(raw.end) for s in measured]
    slack = STOCK_EVERY + 2 * POLL + 3.0  # the connector's period, one poll, and the connector's own run time
    assert max(s.delay(raw.end) for s in measured) <= slack, [s.as_dict(raw.end) for s in measured]
    assert set(seen.methods) == {"GET"}, sorted(set(seen.methods))
    summary = summarize(raw, seed=1, minutes_per_fix=5)
    assert summary.delay.count == len(raw.sales)
    assert raw.day_ends, "the run's end compares the SKUs sold"


def test_a_planted_slow_connector_shows_as_longer_delays(tmp_path: Path) -> None:
    """The check can fail: with no connector running nothing reaches Magento, and every sale stays waiting."""
    magento_proc, m_url = serve("magento@2.4.8", "--profile", "integration-bearer-on")
    lightspeed_proc, l_url = serve("lightspeed@2026-07")
    try:
        target = parse_target(f"{m_url},{l_url}", TOKENS)
        assert target is not None
        magento = StoreClient(target=target, platform="magento", limits=Limits(max_requests=10**9, rate=50))
        lightspeed = StoreClient(target=target, platform="lightspeed", limits=Limits(max_requests=10**9, rate=50))
        config = ObserveConfig(seconds=9, poll=POLL, sample=50, peak=(0, 24 * 60), stores="loopback")
        observer = Observer(config, magento, lightspeed, resolve_links(magento, lightspeed, None),
                            tmp_path / "observe.json")
        with Cashier(l_url, every=1.5) as cashier:
            raw = observer.run()
        magento.close()
        lightspeed.close()
    finally:
        for proc in (magento_proc, lightspeed_proc):
            proc.terminate()
            proc.communicate(timeout=20)
    assert cashier.closed >= 3 and raw.sales
    assert all(s.reflected_at is None for s in raw.sales)
    assert raw.day_ends[-1].cells >= 1  # the day-end comparison finds the drift


def test_the_read_only_client_refuses_a_write_before_sending_it() -> None:
    target = parse_target("http://127.0.0.1:9,http://127.0.0.1:9", TOKENS)
    assert target is not None
    seen = Recorded()
    client = StoreClient(target=target, platform="lightspeed", transport=seen)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        with pytest.raises(Refused):
            client.request(method, "/api/2.0/sales")
    assert seen.methods == []


def _cli(*argv: str) -> subprocess.Popen[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STOCKGATE_")}
    return subprocess.Popen([*CMD, "drift", "observe", *argv], env={**clean, **TOKENS}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_the_command_writes_the_report_stops_on_ctrl_c_and_resumes(
        stores: tuple[str, str, Path], tmp_path: Path) -> None:
    m_url, l_url, mapping = stores
    state, reports = tmp_path / "state.json", tmp_path / "reports"
    argv = ("--target", f"{m_url},{l_url}", "--hours", "0.004", "--state", str(state), "--poll", "1s",
            "--peak", "00:00-24:00", "--mapping", str(mapping), "--report-dir", str(reports))
    with Cashier(l_url):
        first = _cli(*argv)
        time.sleep(6)
        first.send_signal(signal.SIGINT)
        out, err = first.communicate(timeout=60)
        assert first.returncode == 130, err
        assert "INCOMPLETE" in out and "Drift test (observed)" in out
        kept = json.loads(state.read_text())
        assert kept["polls"] >= 1
        second = _cli(*argv)
        out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "resuming the observation started" in err
    assert "(all GET)" in err
    document: dict[str, Any] = json.loads((reports / "drift.json").read_text())
    assert document["config"]["mode"] == "observed"
    assert document["band"]["colour"] in ("GREEN", "AMBER", "RED")
    assert document["counts"]["POS sales"] >= 3
    assert "not observable read-only" in (reports / "drift.md").read_text()
    assert (reports / "drift.html").read_text().startswith("<!doctype html>")


@pytest.mark.parametrize(("argv", "message"), [
    (("--target", "twin"), "watches real stores"),
    (("--hours", "0"), "--hours 0: expected more than 0"),
    (("--days", "40"), "--days 40: expected more than 0 and at most 31"),
    (("--peak", "14:00-11:00"), "--peak '14:00-11:00': the end must come after the start"),
    (("--peak", "noon"), "--peak 'noon': expected HH:MM-HH:MM"),
    (("--poll", "0.5s"), "--poll 0.5s: expected 1s to 1h"),
    (("--poll", "soon"), "--poll soon: expected a duration"),
    (("--lightspeed-share", "0.9"), "--lightspeed-share 0.9: expected more than 0 and at most 0.5"),
    (("--sample", "0"), "--sample 0: expected 1 to 1,000"),
    (("--rate", "-1/s"), "--rate '-1/s'"),
])
def test_bad_arguments_are_one_line_and_exit_2(argv: tuple[str, ...], message: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from stockgate.cli import main

    for name, value in TOKENS.items():
        monkeypatch.setenv(name, value)
    base = {"--target": "http://127.0.0.1:9,http://127.0.0.1:9"}
    given = dict(zip(argv[::2], argv[1::2], strict=True))
    args = [*(x for k, v in {**base, **given}.items() for x in (k, v)), "--state", str(tmp_path / "s.json")]
    assert main(["drift", "observe", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err, err
    assert not (tmp_path / "s.json").exists()


def test_a_store_that_cannot_be_reached_is_one_line_and_exit_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from stockgate.cli import main

    for name, value in TOKENS.items():
        monkeypatch.setenv(name, value)
    code = main(["drift", "observe", "--target", "http://127.0.0.1:9,http://127.0.0.1:9", "--hours", "1",
                 "--state", str(tmp_path / "s.json")])
    err = capsys.readouterr().err
    assert code == 2 and "connection refused" in err and err.count("\n") == 1, err
    assert not (tmp_path / "s.json").exists()


def test_a_state_file_of_another_store_pair_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "s.json"
    state.write_text(json.dumps({"format": 1, "stores": "staging:aaaa,staging:bbbb"}))
    config = ObserveConfig(seconds=60, stores="staging:cccc,staging:dddd")
    with pytest.raises(UsageError, match="another store pair"):
        Observer(config, None, None, None, state)  # type: ignore[arg-type]


def test_peak_hours_parse() -> None:
    assert parse_peak("11:00-14:00") == (660, 840)
    assert parse_peak("00:00-24:00") == (0, 1440)


class Canned:
    """A store answering every read with an empty list (for the day-rollover bookkeeping)."""

    sent = 0

    def get(self, path: str, query: Any = None) -> httpx.Response:
        self.sent += 1
        return httpx.Response(200, json={"data": [], "items": []} if "get-product-salable" not in path else 0)


def test_each_utc_midnight_passed_is_a_day_end_and_the_runs_end_checks_its_part_day(tmp_path: Path) -> None:
    from stockgate.drift.observe import Links

    start = 1_796_000_000.0 - 1_796_000_000.0 % 86400 + 86400 - 90  # 90 s before a UTC midnight
    moments = iter([start + i * 60 for i in range(100)])
    clock = {"now": start}

    def now() -> float:
        return clock["now"]

    def sleep(seconds: float) -> None:
        clock["now"] = next(moments) + seconds

    config = ObserveConfig(seconds=300, poll=60, stores="canned")
    links = Links(outlets={}, stock_id=2)
    observer = Observer(config, Canned(), Canned(), links, tmp_path / "s.json", now=now, sleep=sleep)  # type: ignore[arg-type]
    raw = observer.run()
    assert observer.state["checked_days"] == [0, 1]  # the midnight passed, then the run's end (day 2 part)
    assert len(raw.day_ends) == 2 and not raw.interrupted


def test_lightspeed_requests_keep_to_a_share_of_the_retailers_rate_limit() -> None:
    assert ObserveConfig(seconds=1).lightspeed_window() == (87, 300.0)  # a quarter of 300 x 1 + 50
    assert ObserveConfig(seconds=1, registers=4, lightspeed_share=0.5).lightspeed_window() == (625, 300.0)
