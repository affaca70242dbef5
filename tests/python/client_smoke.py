"""The official Kubernetes Python client against a Skiff server: typed CRUD, patch, list with selectors,
watch, and API errors. Usage: client_smoke.py KUBECONFIG"""
import sys
import threading
import time

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

config.load_kube_config(config_file=sys.argv[1])
core = client.CoreV1Api()
apps = client.AppsV1Api()

names = [ns.metadata.name for ns in core.list_namespace().items]
assert "kube-system" in names, names

cm = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="py", labels={"from": "python"}), data={"a": "1"})
core.create_namespaced_config_map("default", cm)
core.patch_namespaced_config_map("py", "default", {"data": {"b": "2"}})
got = core.read_namespaced_config_map("py", "default")
assert got.data == {"a": "1", "b": "2"}, got.data
assert [c.metadata.name for c in core.list_namespaced_config_map("default", label_selector="from=python").items] == ["py"]

try:
    core.read_namespaced_config_map("missing", "default")
    raise AssertionError("expected 404")
except ApiException as e:
    assert e.status == 404 and e.reason == "Not Found", (e.status, e.reason)

dep = client.V1Deployment(
    metadata=client.V1ObjectMeta(name="pyweb"),
    spec=client.V1DeploymentSpec(
        replicas=2,
        selector=client.V1LabelSelector(match_labels={"app": "pyweb"}),
        template=client.V1PodTemplateSpec(
            metadata=client.V1ObjectMeta(labels={"app": "pyweb"}),
            spec=client.V1PodSpec(containers=[client.V1Container(name="web", image="nginx")]),
        ),
    ),
)
apps.create_namespaced_deployment("default", dep)
scale = apps.read_namespaced_deployment_scale("pyweb", "default")
assert scale.spec.replicas == 2 and scale.status.selector == "app=pyweb", scale

seen = []
def watcher():
    w = watch.Watch()
    for ev in w.stream(core.list_namespaced_pod, "default", timeout_seconds=10):
        seen.append((ev["type"], ev["object"].metadata.name))
        if ev["object"].metadata.name == "pywatched":
            w.stop()

t = threading.Thread(target=watcher)
t.start()
time.sleep(1)
pod = client.V1Pod(metadata=client.V1ObjectMeta(name="pywatched"),
                   spec=client.V1PodSpec(containers=[client.V1Container(name="c", image="busybox")]))
core.create_namespaced_pod("default", pod)
t.join(timeout=15)
assert ("ADDED", "pywatched") in seen, seen
print("ok")
