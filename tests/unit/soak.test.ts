/**
 * The chaos soak's pure parts (scripts/bench/soak/): which sockets a dockerd command line serves
 * (the soak restarts only the daemon of its own engine) and its nearest-rank percentiles.
 */
import { socketsOf } from "../../scripts/bench/soak/engine";
import { quantile } from "../../scripts/bench/soak/metrics";

describe("socketsOf: the unix sockets a dockerd command line serves", () => {
  test.each([
    [["dockerd"], ["/var/run/docker.sock"]],
    [["dockerd", "--data-root", "/d", "--iptables=false"], ["/var/run/docker.sock"]],
    [["dockerd", "-H", "unix:///run/e2.sock", "--pidfile", "/run/e2.pid"], ["/run/e2.sock"]],
    [["dockerd", "-Hunix:///run/a.sock"], ["/run/a.sock"]],
    [["dockerd", "--host=unix:///run/b.sock", "--host", "unix:///run/c.sock"], ["/run/b.sock", "/run/c.sock"]],
    [["dockerd", "-H", "tcp://0.0.0.0:2375"], []],
    [["dockerd", "-H", "tcp://0.0.0.0:2375", "-H", "unix://"], ["/var/run/docker.sock"]],
  ])("%j serves %j", (argv, sockets) => {
    expect(socketsOf(argv)).toEqual(sockets);
  });
});

describe("quantile: nearest rank", () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  test.each([
    [0.5, 50],
    [0.95, 95],
    [0.99, 99],
    [1, 100],
  ])("p%s of 1..100 is %s", (p, v) => {
    expect(quantile(xs, p)).toBe(v);
  });
  test("one sample is every quantile; none is NaN", () => {
    expect([quantile([7], 0.5), quantile([7], 0.99)]).toEqual([7, 7]);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
