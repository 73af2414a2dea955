"""The classic pod (example/classic-pod.ts) from Python, through the generated SDK and the
docker-pod resource plugin: an Automation API inline program, run by tests/lang/python.test.ts.

Environment: E2E_ACTION (up | preview | destroy), E2E_WORK_DIR (holds Pulumi.yaml, written by the
test: backend and the plugin's path), E2E_STACK, E2E_HOST_PORT, E2E_APP_IMAGE, E2E_LABEL
(KEY=VALUE put on every Docker object), E2E_BAD (1: a spec with a bad container name;
secret-name: the container name, which only plain data may give, passed as a secret).
Prints one JSON line: the change summary and the stack outputs.
"""
import json
import os
import sys

import pulumi
import pulumi_docker_pod as docker_pod
from pulumi import automation as auto

NGINX_SITE = "server { listen 80 default_server; location / { proxy_pass http://127.0.0.1:2368; } }"
APP_PAGE = "<h1>Hello from the app behind nginx, in one pod</h1>"


def nginx_name():
    bad = os.environ.get("E2E_BAD")
    return "Nginx" if bad == "1" else pulumi.Output.secret("nginx-secret-name-5d1e") if bad == "secret-name" else "nginx"


def program() -> None:
    label_key, label_value = os.environ["E2E_LABEL"].split("=", 1)
    pause = docker_pod.PauseImage("shared-pause")
    pod = docker_pod.Pod(
        "classic",
        pause_image=pause.image_name,
        labels={label_key: label_value},
        containers=[
            docker_pod.ContainerArgs(
                name=nginx_name(),
                image="docker-pod/nginx:local",
                command=["sh", "-c"],
                args=["printf '%s\\n' \"$SITE\" > /etc/nginx/sites-enabled/default && exec nginx -g 'daemon off;'"],
                env=[docker_pod.EnvVarArgs(name="SITE", value=NGINX_SITE)],
                ports=[docker_pod.ContainerPortArgs(container_port=80, host_port=int(os.environ["E2E_HOST_PORT"]))],
            ),
            docker_pod.ContainerArgs(
                name="app",
                image=os.environ["E2E_APP_IMAGE"],
                command=["sh", "-c"],
                args=["mkdir -p /www && printf '%s\\n' \"$PAGE\" > /www/index.html && exec httpd -f -p 127.0.0.1:2368 -h /www"],
                env=[docker_pod.EnvVarArgs(name="PAGE", value=pulumi.Output.secret(APP_PAGE))],
            ),
        ],
    )
    pulumi.export("pause_image", pause.image_name)
    pulumi.export("pause_container_id", pod.pause_container_id)
    pulumi.export("container_ids", pod.container_ids)
    pulumi.export("ports", pod.ports)
    pulumi.export("pod_ip", pod.pod_ip)
    pulumi.export("ready", pod.ready)
    pulumi.export("manifest", pod.manifest)


def main() -> None:
    stack = auto.create_or_select_stack(
        stack_name=os.environ["E2E_STACK"],
        project_name="docker-pod-python-e2e",
        program=program,
        opts=auto.LocalWorkspaceOptions(work_dir=os.environ["E2E_WORK_DIR"]),
    )
    action = os.environ["E2E_ACTION"]
    if action == "up":
        result = stack.up(on_output=lambda line: print(line, file=sys.stderr))
        changes = result.summary.resource_changes
        outputs = {k: ("[secret]" if v.secret else v.value) for k, v in result.outputs.items()}
        secret = sorted(k for k, v in result.outputs.items() if v.secret)
        print(json.dumps({"changes": changes, "outputs": outputs, "secret": secret}))
    elif action == "preview":
        result = stack.preview(on_output=lambda line: print(line, file=sys.stderr))
        print(json.dumps({"changes": result.change_summary}))
    elif action == "destroy":
        stack.destroy(on_output=lambda line: print(line, file=sys.stderr))
        stack.workspace.remove_stack(stack.name)
        print(json.dumps({}))
    else:
        sys.exit(f"unknown E2E_ACTION {action}")


if __name__ == "__main__":
    main()
