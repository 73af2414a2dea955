/**
 * Errors from the component package name a bad field as the calling program spells it
 * (provider/field-paths.ts): Python's snake_case where the program's Pulumi.yaml says
 * `runtime: python`, the TypeScript names (as Pulumi YAML uses them) otherwise; map keys and
 * values stay as written. And the provider words its validation that way before anything exists.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { callerSpelling, spellPath, spellReason } from "../../provider/field-paths";
import { dockerPodProvider } from "../../provider/provider";

const root = path.resolve(__dirname, "../..");
const schema = JSON.parse(fs.readFileSync(path.join(root, "schema.json"), "utf8"));
const pod = schema.resources["docker-pod:index:Pod"].inputProperties;

test.each([
  ["containers[0].ports[1].hostPort", "containers[0].ports[1].host_port"],
  ["containers[0].readinessProbe.periodSeconds", "containers[0].readiness_probe.period_seconds"],
  ["initContainers[0].livenessProbe.exec.command", "init_containers[0].liveness_probe.exec_.command"],
  ["securityContext.runAsUser", "security_context.run_as_user"],
  ["containers[0].resources.limits.cpu", "containers[0].resources.limits.cpu"],
  ['labels["example.com/team"]', 'labels["example.com/team"]'],
  ["configMaps.siteConfig.indexHtml", "config_maps.siteConfig.indexHtml"],
  ["volumes[2].configMap.defaultMode", "volumes[2].config_map.default_mode"],
  ["hostPID", "host_pid"],
  ["", ""],
  ["(args)", "(args)"],
  ["notAField.hostPort", "notAField.hostPort"],
])("%s reads %s from Python", (schemaPath, python) => {
  expect(spellPath(schemaPath, "python", pod, schema.types)).toBe(python);
  expect(spellPath(schemaPath, "schema", pod, schema.types)).toBe(schemaPath);
});

test("backquoted fields in a reason are spelled for Python; values are not", () => {
  const reason = "`hostPort` needs `hostNetwork: false`; set `securityContext.runAsUser` or use `RuntimeDefault` on `0.0.0.0`";
  expect(spellReason(reason, "python", pod, schema.types)).toBe(
    "`host_port` needs `hostNetwork: false`; set `security_context.run_as_user` or use `RuntimeDefault` on `0.0.0.0`",
  );
  expect(spellReason(reason, "schema", pod, schema.types)).toBe(reason);
});

test("the spelling comes from the runtime in the project's Pulumi.yaml", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docker-pod-spelling-"));
  try {
    expect(callerSpelling(dir)).toBe("schema");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: python\n");
    expect(callerSpelling(dir)).toBe("python");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime:\n  name: python\n  options:\n    toolchain: pip\n");
    expect(callerSpelling(dir)).toBe("python");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: yaml\n");
    expect(callerSpelling(dir)).toBe("schema");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("construct refuses bad args before anything exists, naming every field as the caller spells it", () => {
  const bad = {
    containers: [{ name: "Nginx", image: "nginx", ports: [{ containerPort: 80, hostPort: 70000 }], readinessProbe: { periodSeconds: -1, tcpSocket: { port: 80 } } }],
  };
  test.each([
    ["python", ["containers[0].name: \"Nginx\"", "containers[0].ports[0].host_port: 70000", "containers[0].readiness_probe.period_seconds: -1"]],
    ["schema", ["containers[0].name: \"Nginx\"", "containers[0].ports[0].hostPort: 70000", "containers[0].readinessProbe.periodSeconds: -1"]],
  ] as const)("%s", async (spelling, fields) => {
    const construct = dockerPodProvider(root, spelling).construct!;
    const err: Error = await construct("web", "docker-pod:index:Pod", bad, {}).then(() => new Error("constructed"), (e: Error) => e);
    expect(err.message).toMatch(/^invalid arguments for pod "web" \(3 problems\):/);
    for (const field of fields) expect(err.message).toContain(`  - ${field}`);
  });
});
