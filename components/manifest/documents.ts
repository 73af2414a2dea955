/**
 * Every Kubernetes document of a set of pods, in the order `docker-pod generate` prints them:
 * the ConfigMaps their volumes hold (each once), then the Pods.
 */
import type { ConfigMap, Pod } from "kubernetes-types/core/v1";
import type { PodArgs } from "../args";
import { configMapManifests, podManifest } from "./to-manifest";

/** The ConfigMaps of `pods`, each (name and data) once, in the pods' order. */
export function configMapDocuments(pods: { name: string; args: PodArgs }[]): ConfigMap[] {
  const unique = new Map<string, ConfigMap>();
  for (const { name, args } of pods) {
    for (const cm of configMapManifests(name, args)) unique.set(`${cm.metadata?.name}\n${JSON.stringify(cm.data)}`, cm);
  }
  return [...unique.values()];
}

/** The ConfigMaps, then the Pods, of `pods` whose args are plain values. */
export function manifestDocuments(pods: { name: string; args: PodArgs }[]): (ConfigMap | Pod)[] {
  return [...configMapDocuments(pods), ...pods.map(({ name, args }) => podManifest(name, args))];
}
