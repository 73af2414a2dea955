/** Kubernetes manifests in (`podArgsFromManifest`, `podsFromManifest`) and out (`podManifest`). */
export { podArgsFromManifest, allPodArgsFromManifest, configObjectsFromManifest, servicesFromManifest, ManifestError, formatManifestProblem } from "./from-manifest";
export type { ConfigObjectsArgs, ManifestOptions, ManifestPod, ManifestProblem, ManifestService } from "./from-manifest";
export { podManifest, configMapManifests, secretManifests } from "./to-manifest";
export { podsFromManifest } from "./pods";
export { claimsFromManifest } from "./claims";
export type { ManifestClaim } from "./claims";
export { configMapDocuments, manifestDocuments } from "./documents";
export { serviceArgsFromManifest, publishServicePorts, serviceComponentPorts } from "./services";
export type { ManifestServiceArgs } from "./services";
