/** Stops the tier's API server (jest globalTeardown). */
import * as fs from "fs";
import { infoFile, stopCluster } from "./server";

export default async function globalTeardown(): Promise<void> {
  await stopCluster();
  fs.rmSync(infoFile, { force: true });
}
