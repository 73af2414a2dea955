/**
 * schema.json is generated from the TypeScript source (scripts/gen/schema.ts): it must be what the
 * generator writes now (run `npm run gen` after changing args.ts), and it must carry the names,
 * types, descriptions and input/plain split of the TypeScript API.
 */
import * as fs from "fs";
import * as path from "path";
import { schemaText } from "../../scripts/gen/schema";

const root = path.resolve(__dirname, "../..");
const committed = fs.readFileSync(path.join(root, "schema.json"), "utf8");
const schema = JSON.parse(committed);
const pod = schema.resources["docker-pod:index:Pod"];
const type = (name: string) => schema.types[`docker-pod:index:${name}`];

test("schema.json is what npm run gen writes from args.ts (no drift)", () => {
  expect(committed).toBe(schemaText(root));
});

test("package name, version and tokens are the issue's", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  expect(schema.name).toBe("docker-pod");
  expect(schema.version).toBe(pkg.version);
  expect(schema.language.python.packageName).toBe("pulumi_docker_pod");
  expect(Object.keys(schema.resources)).toEqual(expect.arrayContaining(["docker-pod:index:Pod", "docker-pod:index:PauseImage"]));
  for (const r of Object.values(schema.resources) as { isComponent: boolean }[]) expect(r.isComponent).toBe(true);
});

test("the Pod's inputs and outputs are the TypeScript ones, with their JSDoc", () => {
  expect(pod.requiredInputs).toEqual(["containers"]);
  expect(pod.inputProperties.containers).toMatchObject({ type: "array", items: { $ref: "#/types/docker-pod:index:Container", plain: true }, plain: true });
  expect(pod.inputProperties.containers.description).toMatch(/^The pod's containers; at least one\./);
  expect(Object.keys(pod.properties).sort()).toEqual(["containerIds", "manifest", "pauseContainerId", "podIP", "ports", "ready"]);
  expect(pod.required.sort()).toEqual(["containerIds", "manifest", "pauseContainerId", "podIP", "ports", "ready"]);
  expect(pod.properties.manifest.$ref).toBe("pulumi.json#/Any");
  expect(pod.properties.ports.items.$ref).toBe("#/types/docker-pod:index:PublishedPort");
});

test("pulumi.Input fields are inputs (secrets and other resources' outputs allowed); the rest is plain", () => {
  expect(type("Container").properties.image).toEqual({ type: "string", description: expect.stringMatching(/^Image reference/) });
  expect(type("Container").properties.name.plain).toBe(true);
  expect(type("EnvVar").properties.value.plain).toBeUndefined();
  expect(type("ContainerPort").properties.containerPort).toMatchObject({ type: "integer", plain: true });
  expect(type("ContainerPort").required).toEqual(["containerPort"]);
  expect(type("ContainerPort").properties.hostIP.description).toContain("Default: `0.0.0.0`");
  expect(type("ConfigMapVolumeSource").properties.data).toMatchObject({ type: "object", additionalProperties: { type: "string" }, plain: true });
  expect(type("ConfigMapVolumeSource").properties.data.additionalProperties.plain).toBeUndefined();
  expect(pod.inputProperties.pauseImage.plain).toBeUndefined();
});
