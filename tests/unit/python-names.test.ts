/**
 * provider/python-names.ts is Pulumi's Python name rule: for every property of the generated
 * sdk/python (`@pulumi.getter(name="containerPort")` above `def container_port`), it gives the
 * name the generator gave.
 */
import * as fs from "fs";
import * as path from "path";
import { pythonName } from "../../provider/python-names";

const sdk = path.resolve(__dirname, "../../sdk/python/pulumi_docker_pod");
const pairs: [string, string][] = [];
for (const file of fs.readdirSync(sdk).filter((f) => f.endsWith(".py"))) {
  const text = fs.readFileSync(path.join(sdk, file), "utf8");
  for (const m of text.matchAll(/@pulumi\.getter(?:\(name="([^"]+)"\))?\n\s+def (\w+)\(/g)) pairs.push([m[1] ?? m[2], m[2]]);
}

test("the SDK has properties to compare (renamed ones among them)", () => {
  expect(pairs.length).toBeGreaterThan(150);
  expect(pairs).toEqual(expect.arrayContaining([["containerPort", "container_port"], ["podIP", "pod_ip"], ["hostPID", "host_pid"]]));
});

test.each(pairs)("%s is %s in Python, as the generator named it", (schemaName, python) => {
  expect(pythonName(schemaName)).toBe(python);
});

test.each([
  ["podIPs", "pod_ips"],
  ["httpGet", "http_get"],
  ["HTTPGetAction", "http_get_action"],
  ["sha256Hash", "sha256_hash"],
  ["SHA256Hash", "sha256_hash"],
  ["nvidia.com/gpu", "nvidia_com_gpu"],
  ["from", "from_"],
])("the rule's corner cases: %s is %s", (schemaName, python) => {
  expect(pythonName(schemaName)).toBe(python);
});
