/**
 * Fields of real manifests beyond the everyday ones: port protocols as old examples spell them,
 * SCTP, extended resources (GPUs) and pod-level resources.
 */
import { ManifestError, allPodArgsFromManifest, validatePodArgs } from "../../components";
import { pausePorts, publishedPorts } from "../../components/mapping/ports";

const pod = (container: string, spec = "") =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n${spec}  containers:\n  - name: web\n    image: nginx\n${container.replace(/^/gm, "    ")}\n`;

function refused(text: string): ManifestError {
  try {
    allPodArgsFromManifest(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ManifestError);
    return err as ManifestError;
  }
  throw new Error("accepted");
}

describe("port protocol", () => {
  test.each(["tcp", "udp", "Tcp"])("%s (old examples' spelling) is read upper-cased, with a warning", (written) => {
    const [p] = allPodArgsFromManifest(pod(`ports: [{containerPort: 80, protocol: ${written}}]`));
    expect(p.args.containers[0].ports).toEqual([{ containerPort: 80, protocol: written.toUpperCase() }]);
    expect(p.warnings).toContain(`spec.containers[0].ports[0].protocol: "${written}" read as "${written.toUpperCase()}": Kubernetes spells it in upper case (the API server refuses "${written}")`);
  });

  test("SCTP is published by Docker as sctp, and read back as SCTP", () => {
    const [p] = allPodArgsFromManifest(pod("ports: [{containerPort: 9999, protocol: SCTP}]"));
    expect(p.warnings).toEqual([]);
    expect(pausePorts(p.args.containers)).toEqual([{ internal: 9999, ip: "0.0.0.0", protocol: "sctp" }]);
    expect(publishedPorts([{ internal: 9999, external: 32768, ip: "0.0.0.0", protocol: "sctp" }])).toEqual([{ containerPort: 9999, hostPort: 32768, hostIP: "0.0.0.0", protocol: "SCTP" }]);
  });

  test("any other protocol is refused in Kubernetes' words", () => {
    expect(refused(pod("ports: [{containerPort: 80, protocol: QUIC}]")).problems).toEqual([
      { path: "spec.containers[0].ports[0].protocol", message: 'Unsupported value: "QUIC": supported values: "TCP", "UDP", "SCTP"' },
    ]);
    expect(validatePodArgs({ containers: [{ name: "a", image: "b", ports: [{ containerPort: 1, protocol: "tcp" }] }] })).toEqual([
      { path: "containers[0].ports[0].protocol", message: 'Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"' },
    ]);
  });
});
