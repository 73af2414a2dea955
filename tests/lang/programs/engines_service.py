"""Issue 11 from Python, through the generated SDK and the docker-pod resource plugin: an Automation
API inline program, run by tests/lang/engines.test.ts, placing everything on a second Docker engine
named by a pulumi_docker.Provider on a unix socket, handed to the components in each of the three
ways Pulumi offers: `providers={"docker": h2}`, `provider=h2`, and inherited from a parent component.

- `db-0`: a db pod (busybox httpd answering its own name), `hostname`/`subdomain`, on the network
  `net` by `networks`; labelled `app: db`.
- `db` (`Service`, `provider=h2`): `selector`, `ports`, `network`, created before `db-1` exists
  (E2E_REPLICAS=2 adds it on a later `up`).
- `web` (parent `app`, a component given the provider): an init container, a postStart hook and a
  hostPort, on `net` by `{ name, aliases }`.

Environment: E2E_ACTION (up | destroy), E2E_WORK_DIR, E2E_STACK, E2E_LABEL (KEY=VALUE on every
Docker object), E2E_DOCKER_HOST (the second engine's unix:// URL), E2E_IMAGE, E2E_HOST_PORT,
E2E_REPLICAS (db pods, default 1). Prints one JSON line: the change summary and the stack outputs.
"""
import json
import os
import sys

import pulumi
import pulumi_docker as docker
import pulumi_docker_pod as docker_pod
from pulumi import automation as auto


def db_pod(name: str, labels: dict, net: docker.Network, h2: docker.Provider) -> docker_pod.Pod:
    return docker_pod.Pod(
        name,
        containers=[
            docker_pod.ContainerArgs(
                name="httpd",
                image=os.environ["E2E_IMAGE"],
                command=["sh", "-c", f"mkdir -p /www && echo {name} > /www/index.html && exec httpd -f -p 8080 -h /www"],
                ports=[docker_pod.ContainerPortArgs(container_port=8080)],
            )
        ],
        hostname=name,
        subdomain="dbs",
        networks=[net.name],
        labels=labels,
        opts=pulumi.ResourceOptions(providers={"docker": h2}),
    )


def program() -> None:
    label_key, label_value = os.environ["E2E_LABEL"].split("=", 1)
    image = os.environ["E2E_IMAGE"]
    h2 = docker.Provider("h2", host=os.environ["E2E_DOCKER_HOST"])
    net = docker.Network(
        "net",
        name=f"{label_value}-net",
        labels=[docker.NetworkLabelArgs(label=label_key, value=label_value)],
        opts=pulumi.ResourceOptions(provider=h2),
    )
    db_labels = {label_key: label_value, "app": "db"}
    service = docker_pod.Service(
        "db",
        selector={"app": "db", label_key: label_value},
        ports=[docker_pod.ServicePortArgs(port=8080, name="http", protocol="TCP")],
        network=net.name,
        labels={label_key: label_value},
        opts=pulumi.ResourceOptions(provider=h2),
    )
    dbs = [db_pod(f"db-{i}", db_labels, net, h2) for i in range(int(os.environ.get("E2E_REPLICAS", "1")))]
    app = pulumi.ComponentResource("test:index:App", "app", None, pulumi.ResourceOptions(providers={"docker": h2}))
    web = docker_pod.Pod(
        "web",
        volumes=[docker_pod.VolumeArgs(name="www", empty_dir=docker_pod.EmptyDirVolumeSourceArgs())],
        init_containers=[
            docker_pod.ContainerArgs(
                name="seed",
                image=image,
                command=["sh", "-c", "echo seeded > /www/index.html"],
                volume_mounts=[docker_pod.VolumeMountArgs(name="www", mount_path="/www")],
            )
        ],
        containers=[
            docker_pod.ContainerArgs(
                name="web",
                image=image,
                command=["httpd", "-f", "-p", "8080", "-h", "/www"],
                ports=[docker_pod.ContainerPortArgs(container_port=8080, host_port=int(os.environ["E2E_HOST_PORT"]))],
                volume_mounts=[docker_pod.VolumeMountArgs(name="www", mount_path="/www")],
                lifecycle=docker_pod.LifecycleArgs(
                    post_start=docker_pod.LifecycleHandlerArgs(
                        exec_=docker_pod.ExecActionArgs(command=["sh", "-c", "echo hooked > /www/hook.txt"])
                    )
                ),
            )
        ],
        networks=[docker_pod.PodNetworkArgs(name=net.name, aliases=["frontend"])],
        labels={label_key: label_value},
        opts=pulumi.ResourceOptions(parent=app),
    )
    pulumi.export("web_ids", web.container_ids)
    pulumi.export("web_pause", web.pause_container_id)
    pulumi.export("db_pause", [d.pause_container_id for d in dbs])
    pulumi.export("service_name", service.service_name)
    pulumi.export("service_ports", service.ports)


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
        outputs = {k: v.value for k, v in result.outputs.items()}
        print(json.dumps({"changes": result.summary.resource_changes, "outputs": outputs}))
    elif action == "destroy":
        stack.destroy(on_output=lambda line: print(line, file=sys.stderr))
        stack.workspace.remove_stack(stack.name)
        print(json.dumps({}))
    else:
        sys.exit(f"unknown E2E_ACTION {action}")


if __name__ == "__main__":
    main()
