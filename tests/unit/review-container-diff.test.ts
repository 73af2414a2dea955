/** The PodSpec-level wording of one container's changes, from pulumi-docker inputs. */
import { containerChanges, isSecretValue, unknownValue } from "../../components/review/container-diff";

const labels = (extra: Record<string, string> = {}) =>
  Object.entries({ "org.docker-pod.pod": "web", "org.docker-pod.container": "app", "org.docker-pod.role": "member", ...extra }).map(([label, value]) => ({ label, value }));
const envNames = (names: string[], secret: string[]) => ({ "org.docker-pod.env-names": JSON.stringify({ names, secret }) });

describe.each([
  ["image", { image: "a:1" }, { image: "a:2" }, ["image"], ["image: a:1 → a:2"]],
  ["command and args", { entrypoints: ["sh"], command: ["-c", "x"] }, { entrypoints: ["bash"], command: ["-c", "y"] }, [], ['command: ["sh"] → ["bash"]', 'args: ["-c","x"] → ["-c","y"]']],
  ["env added, removed, changed: names only", { envs: ["A=1", "B=2"] }, { envs: ["A=9", "C=3"] }, ["envs"], ["env: + C", "env: - B", "env: A changed"]],
  [
    "a blinded env list: names from the label, the changed one from the provider's path",
    { envs: "[secret]", labels: labels(envNames(["A", "TOKEN"], ["TOKEN"])) },
    { envs: "[secret]", labels: labels(envNames(["A", "TOKEN", "NEW"], ["TOKEN"])) },
    ["envs", "envs[1]", "envs[2]"],
    ["env: + NEW", "env: TOKEN changed (secret value, not shown)"],
  ],
  [
    "a blinded entry (a ciphertext, as in engine events) named by its position",
    { envs: ["A=1", { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "x" }], labels: labels(envNames(["A", "K"], ["K"])) },
    { envs: ["A=1", { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "y" }], labels: labels(envNames(["A", "K"], ["K"])) },
    ["envs"],
    ["env: K changed (secret value, not shown)"],
  ],
  [
    "only \"envs\" reported, several blinded values",
    { envs: "[secret]", labels: labels(envNames(["A", "B"], ["B"])) },
    { envs: "[secret]", labels: labels(envNames(["A", "B"], ["B"])) },
    ["envs"],
    ["env: a value of A, B changed (not shown)"],
  ],
  ["a blinded list without the label (an older docker-pod)", { envs: "[secret]" }, { envs: "[secret]" }, ["envs"], ["env: changed (the list is secret and its names are not in this preview)"]],
  [
    "ports: a hostPort, an added and a removed port",
    { ports: [{ internal: 80, external: 8080, protocol: "tcp", ip: "0.0.0.0" }, { internal: 53, protocol: "udp", ip: "0.0.0.0" }] },
    { ports: [{ internal: 80, external: 8081, protocol: "tcp", ip: "0.0.0.0" }, { internal: 443, protocol: "tcp", ip: "127.0.0.1" }] },
    ["ports"],
    ["ports: containerPort 80/tcp hostPort 8080 → 8081", "ports: + containerPort 443/tcp (hostPort (any free port) on 127.0.0.1)", "ports: - containerPort 53/udp"],
  ],
  [
    "resources in Kubernetes quantities",
    { memory: 64, cpuQuota: 50000, cpuShares: 256 },
    { memory: 128, cpuQuota: 100000, cpuShares: 512 },
    [],
    ["resources.limits.memory: 64Mi → 128Mi", "resources.limits.cpu: 0.5 → 1", "resources.requests.cpu: 250m → 500m"],
  ],
  [
    "probes and hooks through their labels; docker-pod's own labels are not changes",
    { labels: labels({ "org.docker-pod.liveness": "{}" }), healthcheck: { tests: ["CMD", "a"] } },
    { labels: labels({ "org.docker-pod.startup": "{}", "org.docker-pod.container": "app2" }), healthcheck: { tests: ["CMD", "b"] } },
    [],
    ["readinessProbe changed", "livenessProbe removed", "startupProbe added"],
  ],
  [
    "volume mounts by path; a new configMap volume",
    { mounts: [{ target: "/cfg", source: "web-cfg-1", type: "volume" }], volumes: [{ containerPath: "/host", hostPath: "/srv" }] },
    { mounts: [{ target: "/cfg", source: unknownValue, type: "volume" }, { target: "/data", source: "d", type: "volume" }] },
    [],
    ["volumeMounts: /cfg gets a new volume", "volumeMounts: + /data", "volumeMounts: - /host"],
  ],
])("%s", (_what, old, nu, diffs, expected) => {
  test("is said in PodSpec terms", () => {
    expect(containerChanges(old as Record<string, unknown>, nu as Record<string, unknown>, diffs as string[])).toEqual(expected);
  });
});

test("a property the preview does not report as changed is not a change", () => {
  expect(containerChanges({ image: "a:1", workingDir: "/x" }, { image: "a:1", workingDir: "/y" }, ["image"])).toEqual([]);
});

test("secret markers", () => {
  expect(isSecretValue("[secret]")).toBe(true);
  expect(isSecretValue({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "abc" })).toBe(true);
  expect(isSecretValue("A=1")).toBe(false);
});
