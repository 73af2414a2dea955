/** Named probe ports (`httpGet.port: http`), as real manifests often write them. */
import { ManifestError, allPodArgsFromManifest } from "../../components";

const pod = (container: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: web\n    image: nginx\n${container.replace(/^/gm, "    ")}\n`;

test("an httpGet or tcpSocket port naming one of the container's ports is read as its number", () => {
  const [p] = allPodArgsFromManifest(
    pod(
      "ports: [{name: http, containerPort: 8080}, {name: admin, containerPort: 9901}]\n" +
        "readinessProbe: {httpGet: {path: /ready, port: http}}\n" +
        "livenessProbe: {tcpSocket: {port: admin}}\n" +
        "startupProbe: {httpGet: {port: 8080}}",
    ),
  );
  const c = p.args.containers[0];
  expect(c.readinessProbe?.httpGet).toEqual({ path: "/ready", port: 8080 });
  expect(c.livenessProbe?.tcpSocket).toEqual({ port: 9901 });
  expect(c.startupProbe?.httpGet).toEqual({ port: 8080 });
  expect(p.warnings).toEqual([]);
});

test("a probe port naming no port of its container is refused at its path, with the names there are", () => {
  let error: unknown;
  try {
    allPodArgsFromManifest(pod("ports: [{name: http, containerPort: 8080}]\nlivenessProbe: {httpGet: {port: metrics}}"));
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ManifestError);
  expect((error as ManifestError).problems.map((x) => `${x.path}: ${x.message}`)).toEqual(['spec.containers[0].livenessProbe.httpGet.port: "metrics" names no port of this container (ports[].name: http)']);
});
