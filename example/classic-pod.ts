/**
 * The classic pod of the Kubernetes pause-container write-ups: nginx on :80 proxying to an app on
 * 127.0.0.1:2368, published on host port `hostPort` (stack config, default 8080). No registry is
 * reachable, so the "app" is busybox httpd serving a page and nginx is the local Debian image;
 * both are built by `npm run setup`.
 */
import * as pulumi from "@pulumi/pulumi";
import { Pod } from "../components";

/** The page the app serves; a GET through nginx on the host port returns it. */
export const appPage = "<h1>Hello from the app behind nginx, in one pod</h1>";

/** nginx's site: listen on :80, proxy everything to the app on the pod's loopback. */
const nginxSite = "server { listen 80 default_server; location / { proxy_pass http://127.0.0.1:2368; } }";

/** Creates the classic pod; returns the stack outputs. */
export function classicPod() {
  const hostPort = new pulumi.Config().getNumber("hostPort") ?? 8080;
  const pod = new Pod("classic", {
    containers: [
      {
        name: "nginx",
        image: "docker-pod/nginx:local",
        command: ["sh", "-c"],
        args: [`printf '%s\\n' "$SITE" > /etc/nginx/sites-enabled/default && exec nginx -g 'daemon off;'`],
        env: [{ name: "SITE", value: nginxSite }],
        ports: [{ containerPort: 80, hostPort }],
      },
      {
        name: "app",
        image: "docker-pod/busybox:local",
        command: ["sh", "-c"],
        args: [`mkdir -p /www && printf '%s\\n' "$PAGE" > /www/index.html && exec httpd -f -p 127.0.0.1:2368 -h /www`],
        env: [{ name: "PAGE", value: appPage }],
      },
    ],
  });
  return {
    url: `http://localhost:${hostPort}/`,
    pauseContainerId: pod.pauseContainerId,
    containerIds: pod.containerIds,
    ports: pod.ports,
    podIP: pod.podIP,
  };
}
