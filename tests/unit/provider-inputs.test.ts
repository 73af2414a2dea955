/**
 * The provider's conversion of construct inputs into component args (provider/inputs.ts): inputs
 * stay as they come (secrets stay secret), plain fields are awaited, a secret above plain data
 * makes the inputs below it secret, and a secret scalar where only plain data goes is refused
 * naming the field.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { InputError, componentArgs } from "../../provider/inputs";

const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../schema.json"), "utf8"));
const podInputs = schema.resources["docker-pod:index:Pod"].inputProperties;
const convert = (inputs: Record<string, unknown>) => componentArgs(inputs, podInputs, schema.types);
const isSecret = (v: unknown) => pulumi.Output.isInstance(v) && pulumi.isSecret(v);

test("plain values pass through unchanged", async () => {
  const containers = [{ name: "web", image: "nginx", ports: [{ containerPort: 80, hostPort: 8080 }] }];
  expect(await convert({ containers, restartPolicy: "Always" })).toEqual({ containers, restartPolicy: "Always" });
});

test("a secret env value stays the same secret output; plain fields around it are plain", async () => {
  const value = pulumi.secret("s3cret");
  const args = (await convert({ containers: [{ name: "web", image: "nginx", env: [{ name: "TOKEN", value }] }] })) as any;
  expect(args.containers[0].name).toBe("web");
  expect(args.containers[0].env[0].value).toBe(value);
  expect(await isSecret(args.containers[0].env[0].value)).toBe(true);
});

test("a whole property wrapped as an output (dependencies) is awaited where the field is plain", async () => {
  const containers = pulumi.output([{ name: "web", image: "nginx", ports: [{ containerPort: 80 }] }]);
  const args = (await convert({ containers })) as any;
  expect(args.containers).toEqual([{ name: "web", image: "nginx", ports: [{ containerPort: 80 }] }]);
});

test("a secret list of containers makes its inputs secret and refuses its plain scalars, naming them", async () => {
  const secretList = pulumi.secret([{ name: "web", image: "nginx" }]);
  await expect(convert({ containers: secretList })).rejects.toThrow(InputError);
  await expect(convert({ containers: secretList })).rejects.toThrow(/^containers\[0\]\.name: is secret/);
  await expect(convert({ containers: secretList })).rejects.toThrow(/only images, env values, configMap data and pauseImage can be secrets/);
});

test("secret configMap data inside a secret map keeps every entry secret", async () => {
  const volumes = pulumi.secret([{ name: "cfg", configMap: { data: { "a.txt": "x" } } }]);
  // The volume name is plain data: refused, naming it.
  await expect(convert({ containers: [{ name: "web", image: "nginx" }], volumes })).rejects.toThrow(/^volumes\[0\]\.name: is secret/);
  const data = pulumi.secret({ "a.txt": "x" });
  const args = (await convert({ containers: [{ name: "web", image: "nginx" }], volumes: [{ name: "cfg", configMap: { data } }] })) as any;
  expect(await isSecret(args.volumes[0].configMap.data["a.txt"])).toBe(true);
});

test("an unknown value where the field is plain is refused, naming it", async () => {
  const unknown = new (pulumi.Output as any)(new Set(), Promise.resolve(undefined), Promise.resolve(false), Promise.resolve(false), Promise.resolve([]));
  await expect(convert({ containers: [{ name: "web", image: "nginx", ports: [{ containerPort: unknown }] }] })).rejects.toThrow(/^containers\[0\]\.ports\[0\]\.containerPort: must be known/);
});
