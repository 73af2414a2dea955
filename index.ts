/**
 * The example stack (Pulumi.yaml `main`). `npm run up` runs the same program as an Automation API
 * inline program; with a full Pulumi install, `pulumi up` runs this file directly.
 */
import { classicPod } from "./example/classic-pod";

const outputs = classicPod();
export const url = outputs.url;
export const pauseContainerId = outputs.pauseContainerId;
export const containerIds = outputs.containerIds;
export const ports = outputs.ports;
export const podIP = outputs.podIP;
