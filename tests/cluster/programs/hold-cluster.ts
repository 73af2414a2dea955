/**
 * Starts the tier's etcd and kube-apiserver (as globalSetup does), prints `{"dir": …}` once ready
 * and stays up until killed: tests/cluster/lifetime.test.ts kills it without a teardown.
 */
import { startCluster } from "../server";

startCluster(process.env.KUBE_APISERVER ?? "").then(
  (info) => console.log(JSON.stringify({ dir: info.dir })),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
