/** Starts the tier's API server once for all its test files (jest globalSetup). */
import * as fs from "fs";
import * as path from "path";
import { infoFile, startCluster } from "./server";

export default async function globalSetup(): Promise<void> {
  const binary = process.env.KUBE_APISERVER;
  if (!binary) throw new Error("KUBE_APISERVER is not set: run the cluster tier through `npm test` (set-up builds it)");
  const info = await startCluster(binary);
  fs.mkdirSync(path.dirname(infoFile), { recursive: true });
  fs.writeFileSync(infoFile, JSON.stringify(info), { mode: 0o600 });
  console.log(`\ncluster: kube-apiserver ${info.version} ready at ${info.server}`);
}
