//! `v1` (core) messages.
//!
//! Field numbers from upstream `generated.proto`, JSON names and `omitempty` from `types.go`, in
//! `k8s.io/api/core/v1`.

use super::meta;
use crate::protobuf::schema::*;

pub static KINDS: Kinds = Kinds {
    api_version: "v1",
    kinds: &[
        ("Namespace", &NAMESPACE),
        ("ConfigMap", &CONFIG_MAP),
        ("Secret", &SECRET),
        ("ServiceAccount", &SERVICE_ACCOUNT),
        ("Service", &SERVICE),
        ("ResourceQuota", &RESOURCE_QUOTA),
        ("Pod", &POD),
        ("Node", &NODE),
        ("Binding", &BINDING),
        ("Event", &EVENT),
    ],
};

pub static NAMESPACE: Message = Message::new(
    "k8s.io.api.core.v1.Namespace",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&NAMESPACE_SPEC)),
        field(3, "status", msg(&NAMESPACE_STATUS)),
    ],
);

pub static NAMESPACE_SPEC: Message = Message::new(
    "k8s.io.api.core.v1.NamespaceSpec",
    &[repeated(1, "finalizers", STRING)],
);

pub static NAMESPACE_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.NamespaceStatus",
    &[
        omitempty(1, "phase", STRING),
        repeated(2, "conditions", msg(&NAMESPACE_CONDITION)),
    ],
);

pub static NAMESPACE_CONDITION: Message = Message::new(
    "k8s.io.api.core.v1.NamespaceCondition",
    &[
        field(1, "type", STRING),
        field(2, "status", STRING),
        field(4, "lastTransitionTime", TIME),
        omitempty(5, "reason", STRING),
        omitempty(6, "message", STRING),
    ],
);

pub static CONFIG_MAP: Message = Message::new(
    "k8s.io.api.core.v1.ConfigMap",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        map(2, "data", STRING),
        map(3, "binaryData", BYTES),
        field(4, "immutable", BOOL),
    ],
);

pub static SECRET: Message = Message::new(
    "k8s.io.api.core.v1.Secret",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        map(2, "data", BYTES),
        omitempty(3, "type", STRING),
        map(4, "stringData", STRING),
        field(5, "immutable", BOOL),
    ],
);

pub static SERVICE_ACCOUNT: Message = Message::new(
    "k8s.io.api.core.v1.ServiceAccount",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        repeated(2, "secrets", msg(&OBJECT_REFERENCE)),
        repeated(3, "imagePullSecrets", msg(&LOCAL_OBJECT_REFERENCE)),
        field(4, "automountServiceAccountToken", BOOL),
    ],
);

pub static OBJECT_REFERENCE: Message = Message::new(
    "k8s.io.api.core.v1.ObjectReference",
    &[
        omitempty(1, "kind", STRING),
        omitempty(2, "namespace", STRING),
        omitempty(3, "name", STRING),
        omitempty(4, "uid", STRING),
        omitempty(5, "apiVersion", STRING),
        omitempty(6, "resourceVersion", STRING),
        omitempty(7, "fieldPath", STRING),
    ],
);

pub static LOCAL_OBJECT_REFERENCE: Message = Message::new(
    "k8s.io.api.core.v1.LocalObjectReference",
    &[omitempty(1, "name", STRING)],
);

pub static SERVICE: Message = Message::new(
    "k8s.io.api.core.v1.Service",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&SERVICE_SPEC)),
        field(3, "status", msg(&SERVICE_STATUS)),
    ],
);

pub static SERVICE_SPEC: Message = Message::new(
    "k8s.io.api.core.v1.ServiceSpec",
    &[
        repeated(1, "ports", msg(&SERVICE_PORT)),
        map(2, "selector", STRING),
        omitempty(3, "clusterIP", STRING),
        omitempty(4, "type", STRING),
        repeated(5, "externalIPs", STRING),
        omitempty(7, "sessionAffinity", STRING),
        omitempty(8, "loadBalancerIP", STRING),
        repeated(9, "loadBalancerSourceRanges", STRING),
        omitempty(10, "externalName", STRING),
        omitempty(11, "externalTrafficPolicy", STRING),
        omitempty(12, "healthCheckNodePort", INT32),
        omitempty(13, "publishNotReadyAddresses", BOOL),
        field(14, "sessionAffinityConfig", msg(&SESSION_AFFINITY_CONFIG)),
        field(17, "ipFamilyPolicy", STRING),
        repeated(18, "clusterIPs", STRING),
        repeated(19, "ipFamilies", STRING),
        field(20, "allocateLoadBalancerNodePorts", BOOL),
        field(21, "loadBalancerClass", STRING),
        field(22, "internalTrafficPolicy", STRING),
        field(23, "trafficDistribution", STRING),
    ],
);

pub static SERVICE_PORT: Message = Message::new(
    "k8s.io.api.core.v1.ServicePort",
    &[
        omitempty(1, "name", STRING),
        omitempty(2, "protocol", STRING),
        field(3, "port", INT32),
        field(4, "targetPort", INT_OR_STRING),
        omitempty(5, "nodePort", INT32),
        field(6, "appProtocol", STRING),
    ],
);

pub static SESSION_AFFINITY_CONFIG: Message = Message::new(
    "k8s.io.api.core.v1.SessionAffinityConfig",
    &[field(1, "clientIP", msg(&CLIENT_IP_CONFIG))],
);

pub static CLIENT_IP_CONFIG: Message = Message::new(
    "k8s.io.api.core.v1.ClientIPConfig",
    &[field(1, "timeoutSeconds", INT32)],
);

pub static SERVICE_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.ServiceStatus",
    &[
        field(1, "loadBalancer", msg(&LOAD_BALANCER_STATUS)),
        repeated(2, "conditions", msg(&meta::CONDITION)),
    ],
);

pub static LOAD_BALANCER_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.LoadBalancerStatus",
    &[repeated(1, "ingress", msg(&LOAD_BALANCER_INGRESS))],
);

pub static LOAD_BALANCER_INGRESS: Message = Message::new(
    "k8s.io.api.core.v1.LoadBalancerIngress",
    &[
        omitempty(1, "ip", STRING),
        omitempty(2, "hostname", STRING),
        field(3, "ipMode", STRING),
        repeated(4, "ports", msg(&PORT_STATUS)),
    ],
);

pub static PORT_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.PortStatus",
    &[
        field(1, "port", INT32),
        field(2, "protocol", STRING),
        field(3, "error", STRING),
    ],
);

pub static RESOURCE_QUOTA: Message = Message::new(
    "k8s.io.api.core.v1.ResourceQuota",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&RESOURCE_QUOTA_SPEC)),
        field(3, "status", msg(&RESOURCE_QUOTA_STATUS)),
    ],
);

pub static RESOURCE_QUOTA_SPEC: Message = Message::new(
    "k8s.io.api.core.v1.ResourceQuotaSpec",
    &[
        map(1, "hard", QUANTITY),
        repeated(2, "scopes", STRING),
        field(3, "scopeSelector", msg(&SCOPE_SELECTOR)),
    ],
);

pub static SCOPE_SELECTOR: Message = Message::new(
    "k8s.io.api.core.v1.ScopeSelector",
    &[repeated(
        1,
        "matchExpressions",
        msg(&SCOPED_RESOURCE_SELECTOR_REQUIREMENT),
    )],
);

pub static SCOPED_RESOURCE_SELECTOR_REQUIREMENT: Message = Message::new(
    "k8s.io.api.core.v1.ScopedResourceSelectorRequirement",
    &[
        field(1, "scopeName", STRING),
        field(2, "operator", STRING),
        repeated(3, "values", STRING),
    ],
);

pub static RESOURCE_QUOTA_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.ResourceQuotaStatus",
    &[map(1, "hard", QUANTITY), map(2, "used", QUANTITY)],
);

pub static POD: Message = Message::new(
    "k8s.io.api.core.v1.Pod",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&POD_SPEC)),
        field(3, "status", msg(&POD_STATUS)),
    ],
);

pub static POD_SPEC: Message = Message::new(
    "k8s.io.api.core.v1.PodSpec",
    &[
        repeated(1, "volumes", msg(&VOLUME)),
        repeated(2, "containers", msg(&CONTAINER)),
        omitempty(3, "restartPolicy", STRING),
        field(4, "terminationGracePeriodSeconds", INT64),
        field(5, "activeDeadlineSeconds", INT64),
        omitempty(6, "dnsPolicy", STRING),
        map(7, "nodeSelector", STRING),
        omitempty(8, "serviceAccountName", STRING),
        omitempty(9, "serviceAccount", STRING),
        omitempty(10, "nodeName", STRING),
        omitempty(11, "hostNetwork", BOOL),
        omitempty(12, "hostPID", BOOL),
        omitempty(13, "hostIPC", BOOL),
        field(14, "securityContext", msg(&POD_SECURITY_CONTEXT)),
        repeated(15, "imagePullSecrets", msg(&LOCAL_OBJECT_REFERENCE)),
        omitempty(16, "hostname", STRING),
        omitempty(17, "subdomain", STRING),
        field(18, "affinity", msg(&AFFINITY)),
        omitempty(19, "schedulerName", STRING),
        repeated(20, "initContainers", msg(&CONTAINER)),
        field(21, "automountServiceAccountToken", BOOL),
        repeated(22, "tolerations", msg(&TOLERATION)),
        repeated(23, "hostAliases", msg(&HOST_ALIAS)),
        omitempty(24, "priorityClassName", STRING),
        field(25, "priority", INT32),
        field(26, "dnsConfig", msg(&POD_DNS_CONFIG)),
        field(27, "shareProcessNamespace", BOOL),
        repeated(28, "readinessGates", msg(&POD_READINESS_GATE)),
        field(29, "runtimeClassName", STRING),
        field(30, "enableServiceLinks", BOOL),
        field(31, "preemptionPolicy", STRING),
        map(32, "overhead", QUANTITY),
        repeated(33, "topologySpreadConstraints", msg(&TOPOLOGY_SPREAD_CONSTRAINT)),
        repeated(34, "ephemeralContainers", msg(&EPHEMERAL_CONTAINER)),
        field(35, "setHostnameAsFQDN", BOOL),
        field(36, "os", msg(&POD_OS)),
        field(37, "hostUsers", BOOL),
        repeated(38, "schedulingGates", msg(&POD_SCHEDULING_GATE)),
        repeated(39, "resourceClaims", msg(&POD_RESOURCE_CLAIM)),
        field(40, "resources", msg(&RESOURCE_REQUIREMENTS)),
        field(41, "hostnameOverride", STRING),
        field(43, "schedulingGroup", msg(&POD_SCHEDULING_GROUP)),
        repeated(44, "evictionResponders", msg(&EVICTION_RESPONDER)),
    ],
);

pub static VOLUME: Message = Message::new(
    "k8s.io.api.core.v1.Volume",
    &[field(1, "name", STRING), inline(2, &VOLUME_SOURCE)],
);

pub static VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.VolumeSource",
    &[
        field(1, "hostPath", msg(&HOST_PATH_VOLUME_SOURCE)),
        field(2, "emptyDir", msg(&EMPTY_DIR_VOLUME_SOURCE)),
        field(3, "gcePersistentDisk", msg(&GCE_PERSISTENT_DISK_VOLUME_SOURCE)),
        field(
            4,
            "awsElasticBlockStore",
            msg(&AWS_ELASTIC_BLOCK_STORE_VOLUME_SOURCE),
        ),
        field(5, "gitRepo", msg(&GIT_REPO_VOLUME_SOURCE)),
        field(6, "secret", msg(&SECRET_VOLUME_SOURCE)),
        field(7, "nfs", msg(&NFS_VOLUME_SOURCE)),
        field(8, "iscsi", msg(&ISCSI_VOLUME_SOURCE)),
        field(9, "glusterfs", msg(&GLUSTERFS_VOLUME_SOURCE)),
        field(
            10,
            "persistentVolumeClaim",
            msg(&PERSISTENT_VOLUME_CLAIM_VOLUME_SOURCE),
        ),
        field(11, "rbd", msg(&RBD_VOLUME_SOURCE)),
        field(12, "flexVolume", msg(&FLEX_VOLUME_SOURCE)),
        field(13, "cinder", msg(&CINDER_VOLUME_SOURCE)),
        field(14, "cephfs", msg(&CEPH_FS_VOLUME_SOURCE)),
        field(15, "flocker", msg(&FLOCKER_VOLUME_SOURCE)),
        field(16, "downwardAPI", msg(&DOWNWARD_API_VOLUME_SOURCE)),
        field(17, "fc", msg(&FC_VOLUME_SOURCE)),
        field(18, "azureFile", msg(&AZURE_FILE_VOLUME_SOURCE)),
        field(19, "configMap", msg(&CONFIG_MAP_VOLUME_SOURCE)),
        field(20, "vsphereVolume", msg(&VSPHERE_VIRTUAL_DISK_VOLUME_SOURCE)),
        field(21, "quobyte", msg(&QUOBYTE_VOLUME_SOURCE)),
        field(22, "azureDisk", msg(&AZURE_DISK_VOLUME_SOURCE)),
        field(
            23,
            "photonPersistentDisk",
            msg(&PHOTON_PERSISTENT_DISK_VOLUME_SOURCE),
        ),
        field(24, "portworxVolume", msg(&PORTWORX_VOLUME_SOURCE)),
        field(25, "scaleIO", msg(&SCALE_IO_VOLUME_SOURCE)),
        field(26, "projected", msg(&PROJECTED_VOLUME_SOURCE)),
        field(27, "storageos", msg(&STORAGE_OS_VOLUME_SOURCE)),
        field(28, "csi", msg(&CSI_VOLUME_SOURCE)),
        field(29, "ephemeral", msg(&EPHEMERAL_VOLUME_SOURCE)),
        field(30, "image", msg(&IMAGE_VOLUME_SOURCE)),
    ],
);

pub static HOST_PATH_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.HostPathVolumeSource",
    &[field(1, "path", STRING), field(2, "type", STRING)],
);

pub static EMPTY_DIR_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.EmptyDirVolumeSource",
    &[
        omitempty(1, "medium", STRING),
        field(2, "sizeLimit", QUANTITY),
        field(3, "mode", INT32),
    ],
);

pub static GCE_PERSISTENT_DISK_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.GCEPersistentDiskVolumeSource",
    &[
        field(1, "pdName", STRING),
        omitempty(2, "fsType", STRING),
        omitempty(3, "partition", INT32),
        omitempty(4, "readOnly", BOOL),
    ],
);

pub static AWS_ELASTIC_BLOCK_STORE_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.AWSElasticBlockStoreVolumeSource",
    &[
        field(1, "volumeID", STRING),
        omitempty(2, "fsType", STRING),
        omitempty(3, "partition", INT32),
        omitempty(4, "readOnly", BOOL),
    ],
);

pub static GIT_REPO_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.GitRepoVolumeSource",
    &[
        field(1, "repository", STRING),
        omitempty(2, "revision", STRING),
        omitempty(3, "directory", STRING),
    ],
);

pub static SECRET_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.SecretVolumeSource",
    &[
        omitempty(1, "secretName", STRING),
        repeated(2, "items", msg(&KEY_TO_PATH)),
        field(3, "defaultMode", INT32),
        field(4, "optional", BOOL),
        field(5, "defaultUser", INT64),
    ],
);

pub static KEY_TO_PATH: Message = Message::new(
    "k8s.io.api.core.v1.KeyToPath",
    &[
        field(1, "key", STRING),
        field(2, "path", STRING),
        field(3, "mode", INT32),
        field(4, "user", INT64),
    ],
);

pub static NFS_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.NFSVolumeSource",
    &[
        field(1, "server", STRING),
        field(2, "path", STRING),
        omitempty(3, "readOnly", BOOL),
    ],
);

pub static ISCSI_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.ISCSIVolumeSource",
    &[
        field(1, "targetPortal", STRING),
        field(2, "iqn", STRING),
        field(3, "lun", INT32),
        omitempty(4, "iscsiInterface", STRING),
        omitempty(5, "fsType", STRING),
        omitempty(6, "readOnly", BOOL),
        repeated(7, "portals", STRING),
        omitempty(8, "chapAuthDiscovery", BOOL),
        field(10, "secretRef", msg(&LOCAL_OBJECT_REFERENCE)),
        omitempty(11, "chapAuthSession", BOOL),
        field(12, "initiatorName", STRING),
    ],
);

pub static GLUSTERFS_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.GlusterfsVolumeSource",
    &[
        field(1, "endpoints", STRING),
        field(2, "path", STRING),
        omitempty(3, "readOnly", BOOL),
    ],
);

pub static PERSISTENT_VOLUME_CLAIM_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.PersistentVolumeClaimVolumeSource",
    &[field(1, "claimName", STRING), omitempty(2, "readOnly", BOOL)],
);

pub static RBD_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.RBDVolumeSource",
    &[
        repeated(1, "monitors", STRING),
        field(2, "image", STRING),
        omitempty(3, "fsType", STRING),
        omitempty(4, "pool", STRING),
        omitempty(5, "user", STRING),
        omitempty(6, "keyring", STRING),
        field(7, "secretRef", msg(&LOCAL_OBJECT_REFERENCE)),
        omitempty(8, "readOnly", BOOL),
    ],
);

pub static FLEX_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.FlexVolumeSource",
    &[
        field(1, "driver", STRING),
        omitempty(2, "fsType", STRING),
        field(3, "secretRef", msg(&LOCAL_OBJECT_REFERENCE)),
        omitempty(4, "readOnly", BOOL),
        map(5, "options", STRING),
    ],
);

pub static CINDER_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.CinderVolumeSource",
    &[
        field(1, "volumeID", STRING),
        omitempty(2, "fsType", STRING),
        omitempty(3, "readOnly", BOOL),
        field(4, "secretRef", msg(&LOCAL_OBJECT_REFERENCE)),
    ],
);

pub static CEPH_FS_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.CephFSVolumeSource",
    &[
        repeated(1, "monitors", STRING),
        omitempty(2, "path", STRING),
        omitempty(3, "user", STRING),
        omitempty(4, "secretFile", STRING),
        field(5, "secretRef", msg(&LOCAL_OBJECT_REFERENCE)),
        omitempty(6, "readOnly", BOOL),
    ],
);

pub static FLOCKER_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.FlockerVolumeSource",
    &[
        omitempty(1, "datasetName", STRING),
        omitempty(2, "datasetUUID", STRING),
    ],
);

pub static DOWNWARD_API_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.DownwardAPIVolumeSource",
    &[
        repeated(1, "items", msg(&DOWNWARD_API_VOLUME_FILE)),
        field(2, "defaultMode", INT32),
        field(3, "defaultUser", INT64),
    ],
);

pub static DOWNWARD_API_VOLUME_FILE: Message = Message::new(
    "k8s.io.api.core.v1.DownwardAPIVolumeFile",
    &[
        field(1, "path", STRING),
        field(2, "fieldRef", msg(&OBJECT_FIELD_SELECTOR)),
        field(3, "resourceFieldRef", msg(&RESOURCE_FIELD_SELECTOR)),
        field(4, "mode", INT32),
        field(5, "user", INT64),
    ],
);

pub static OBJECT_FIELD_SELECTOR: Message = Message::new(
    "k8s.io.api.core.v1.ObjectFieldSelector",
    &[omitempty(1, "apiVersion", STRING), field(2, "fieldPath", STRING)],
);

pub static RESOURCE_FIELD_SELECTOR: Message = Message::new(
    "k8s.io.api.core.v1.ResourceFieldSelector",
    &[
        omitempty(1, "containerName", STRING),
        field(2, "resource", STRING),
        field(3, "divisor", QUANTITY),
    ],
);

pub static FC_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.FCVolumeSource",
    &[
        repeated(1, "targetWWNs", STRING),
        field(2, "lun", INT32),
        omitempty(3, "fsType", STRING),
        omitempty(4, "readOnly", BOOL),
        repeated(5, "wwids", STRING),
    ],
);

pub static AZURE_FILE_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.AzureFileVolumeSource",
    &[
        field(1, "secretName", STRING),
        field(2, "shareName", STRING),
        omitempty(3, "readOnly", BOOL),
    ],
);

pub static CONFIG_MAP_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.ConfigMapVolumeSource",
    &[
        inline(1, &LOCAL_OBJECT_REFERENCE),
        repeated(2, "items", msg(&KEY_TO_PATH)),
        field(3, "defaultMode", INT32),
        field(4, "optional", BOOL),
        field(5, "defaultUser", INT64),
    ],
);

pub static VSPHERE_VIRTUAL_DISK_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.VsphereVirtualDiskVolumeSource",
    &[
        field(1, "volumePath", STRING),
        omitempty(2, "fsType", STRING),
        omitempty(3, "storagePolicyName", STRING),
        omitempty(4, "storagePolicyID", STRING),
    ],
);

pub static QUOBYTE_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.QuobyteVolumeSource",
    &[
        field(1, "registry", STRING),
        field(2, "volume", STRING),
        omitempty(3, "readOnly", BOOL),
        omitempty(4, "user", STRING),
        omitempty(5, "group", STRING),
        omitempty(6, "tenant", STRING),
    ],
);

pub static AZURE_DISK_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.AzureDiskVolumeSource",
    &[
        field(1, "diskName", STRING),
        field(2, "diskURI", STRING),
        field(3, "cachingMode", STRING),
        field(4, "fsType", STRING),
        field(5, "readOnly", BOOL),
        field(6, "kind", STRING),
    ],
);

pub static PHOTON_PERSISTENT_DISK_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.PhotonPersistentDiskVolumeSource",
    &[field(1, "pdID", STRING), omitempty(2, "fsType", STRING)],
);

pub static PROJECTED_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.ProjectedVolumeSource",
    &[
        repeated(1, "sources", msg(&VOLUME_PROJECTION)),
        field(2, "defaultMode", INT32),
        field(3, "defaultUser", INT64),
    ],
);

pub static VOLUME_PROJECTION: Message = Message::new(
    "k8s.io.api.core.v1.VolumeProjection",
    &[
        field(1, "secret", msg(&SECRET_PROJECTION)),
        field(2, "downwardAPI", msg(&DOWNWARD_API_PROJECTION)),
        field(3, "configMap", msg(&CONFIG_MAP_PROJECTION)),
        field(4, "serviceAccountToken", msg(&SERVICE_ACCOUNT_TOKEN_PROJECTION)),
        field(5, "clusterTrustBundle", msg(&CLUSTER_TRUST_BUNDLE_PROJECTION)),
        field(6, "podCertificate", msg(&POD_CERTIFICATE_PROJECTION)),
    ],
);

pub static SECRET_PROJECTION: Message = Message::new(
    "k8s.io.api.core.v1.SecretProjection",
    &[
        inline(1, &LOCAL_OBJECT_REFERENCE),
        repeated(2, "items", msg(&KEY_TO_PATH)),
        field(4, "optional", BOOL),
    ],
);

pub static DOWNWARD_API_PROJECTION: Message = Message::new(
    "k8s.io.api.core.v1.DownwardAPIProjection",
    &[repeated(1, "items", msg(&DOWNWARD_API_VOLUME_FILE))],
);

pub static CONFIG_MAP_PROJECTION: Message = Message::new(
    "k8s.io.api.core.v1.ConfigMapProjection",
    &[
        inline(1, &LOCAL_OBJECT_REFERENCE),
        repeated(2, "items", msg(&KEY_TO_PATH)),
        field(4, "optional", BOOL),
    ],
);

pub static SERVICE_ACCOUNT_TOKEN_PROJECTION: Message = Message::new(
    "k8s.io.api.core.v1.ServiceAccountTokenProjection",
    &[
        omitempty(1, "audience", STRING),
        field(2, "expirationSeconds", INT64),
        field(3, "path", STRING),
        field(4, "user", INT64),
    ],
);

pub static CLUSTER_TRUST_BUNDLE_PROJECTION: Message = Message::new(
    "k8s.io.api.core.v1.ClusterTrustBundleProjection",
    &[
        field(1, "name", STRING),
        field(2, "signerName", STRING),
        field(3, "labelSelector", msg(&meta::LABEL_SELECTOR)),
        field(4, "path", STRING),
        field(5, "optional", BOOL),
        field(6, "user", INT64),
    ],
);

pub static POD_CERTIFICATE_PROJECTION: Message = Message::new(
    "k8s.io.api.core.v1.PodCertificateProjection",
    &[
        omitempty(1, "signerName", STRING),
        omitempty(2, "keyType", STRING),
        field(3, "maxExpirationSeconds", INT32),
        omitempty(4, "credentialBundlePath", STRING),
        omitempty(5, "keyPath", STRING),
        omitempty(6, "certificateChainPath", STRING),
        map(7, "userAnnotations", STRING),
        field(8, "user", INT64),
    ],
);

pub static PORTWORX_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.PortworxVolumeSource",
    &[
        field(1, "volumeID", STRING),
        omitempty(2, "fsType", STRING),
        omitempty(3, "readOnly", BOOL),
    ],
);

pub static SCALE_IO_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.ScaleIOVolumeSource",
    &[
        field(1, "gateway", STRING),
        field(2, "system", STRING),
        field(3, "secretRef", msg(&LOCAL_OBJECT_REFERENCE)),
        omitempty(4, "sslEnabled", BOOL),
        omitempty(5, "protectionDomain", STRING),
        omitempty(6, "storagePool", STRING),
        omitempty(7, "storageMode", STRING),
        omitempty(8, "volumeName", STRING),
        omitempty(9, "fsType", STRING),
        omitempty(10, "readOnly", BOOL),
    ],
);

pub static STORAGE_OS_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.StorageOSVolumeSource",
    &[
        omitempty(1, "volumeName", STRING),
        omitempty(2, "volumeNamespace", STRING),
        omitempty(3, "fsType", STRING),
        omitempty(4, "readOnly", BOOL),
        field(5, "secretRef", msg(&LOCAL_OBJECT_REFERENCE)),
    ],
);

pub static CSI_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.CSIVolumeSource",
    &[
        field(1, "driver", STRING),
        field(2, "readOnly", BOOL),
        field(3, "fsType", STRING),
        map(4, "volumeAttributes", STRING),
        field(5, "nodePublishSecretRef", msg(&LOCAL_OBJECT_REFERENCE)),
    ],
);

pub static EPHEMERAL_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.EphemeralVolumeSource",
    &[field(
        1,
        "volumeClaimTemplate",
        msg(&PERSISTENT_VOLUME_CLAIM_TEMPLATE),
    )],
);

pub static PERSISTENT_VOLUME_CLAIM_TEMPLATE: Message = Message::new(
    "k8s.io.api.core.v1.PersistentVolumeClaimTemplate",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&PERSISTENT_VOLUME_CLAIM_SPEC)),
    ],
);

pub static PERSISTENT_VOLUME_CLAIM_SPEC: Message = Message::new(
    "k8s.io.api.core.v1.PersistentVolumeClaimSpec",
    &[
        repeated(1, "accessModes", STRING),
        field(2, "resources", msg(&VOLUME_RESOURCE_REQUIREMENTS)),
        omitempty(3, "volumeName", STRING),
        field(4, "selector", msg(&meta::LABEL_SELECTOR)),
        field(5, "storageClassName", STRING),
        field(6, "volumeMode", STRING),
        field(7, "dataSource", msg(&TYPED_LOCAL_OBJECT_REFERENCE)),
        field(8, "dataSourceRef", msg(&TYPED_OBJECT_REFERENCE)),
        field(9, "volumeAttributesClassName", STRING),
    ],
);

pub static VOLUME_RESOURCE_REQUIREMENTS: Message = Message::new(
    "k8s.io.api.core.v1.VolumeResourceRequirements",
    &[map(1, "limits", QUANTITY), map(2, "requests", QUANTITY)],
);

pub static TYPED_LOCAL_OBJECT_REFERENCE: Message = Message::new(
    "k8s.io.api.core.v1.TypedLocalObjectReference",
    &[
        field(1, "apiGroup", STRING),
        field(2, "kind", STRING),
        field(3, "name", STRING),
    ],
);

pub static TYPED_OBJECT_REFERENCE: Message = Message::new(
    "k8s.io.api.core.v1.TypedObjectReference",
    &[
        field(1, "apiGroup", STRING),
        field(2, "kind", STRING),
        field(3, "name", STRING),
        field(4, "namespace", STRING),
    ],
);

pub static IMAGE_VOLUME_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.ImageVolumeSource",
    &[
        omitempty(1, "reference", STRING),
        omitempty(2, "pullPolicy", STRING),
    ],
);

pub static CONTAINER: Message = Message::new(
    "k8s.io.api.core.v1.Container",
    &[
        field(1, "name", STRING),
        omitempty(2, "image", STRING),
        repeated(3, "command", STRING),
        repeated(4, "args", STRING),
        omitempty(5, "workingDir", STRING),
        repeated(6, "ports", msg(&CONTAINER_PORT)),
        repeated(7, "env", msg(&ENV_VAR)),
        field(8, "resources", msg(&RESOURCE_REQUIREMENTS)),
        repeated(9, "volumeMounts", msg(&VOLUME_MOUNT)),
        field(10, "livenessProbe", msg(&PROBE)),
        field(11, "readinessProbe", msg(&PROBE)),
        field(12, "lifecycle", msg(&LIFECYCLE)),
        omitempty(13, "terminationMessagePath", STRING),
        omitempty(14, "imagePullPolicy", STRING),
        field(15, "securityContext", msg(&SECURITY_CONTEXT)),
        omitempty(16, "stdin", BOOL),
        omitempty(17, "stdinOnce", BOOL),
        omitempty(18, "tty", BOOL),
        repeated(19, "envFrom", msg(&ENV_FROM_SOURCE)),
        omitempty(20, "terminationMessagePolicy", STRING),
        repeated(21, "volumeDevices", msg(&VOLUME_DEVICE)),
        field(22, "startupProbe", msg(&PROBE)),
        repeated(23, "resizePolicy", msg(&CONTAINER_RESIZE_POLICY)),
        field(24, "restartPolicy", STRING),
        repeated(25, "restartPolicyRules", msg(&CONTAINER_RESTART_RULE)),
    ],
);

pub static CONTAINER_PORT: Message = Message::new(
    "k8s.io.api.core.v1.ContainerPort",
    &[
        omitempty(1, "name", STRING),
        omitempty(2, "hostPort", INT32),
        field(3, "containerPort", INT32),
        omitempty(4, "protocol", STRING),
        omitempty(5, "hostIP", STRING),
    ],
);

pub static ENV_FROM_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.EnvFromSource",
    &[
        omitempty(1, "prefix", STRING),
        field(2, "configMapRef", msg(&CONFIG_MAP_ENV_SOURCE)),
        field(3, "secretRef", msg(&SECRET_ENV_SOURCE)),
    ],
);

pub static CONFIG_MAP_ENV_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.ConfigMapEnvSource",
    &[inline(1, &LOCAL_OBJECT_REFERENCE), field(2, "optional", BOOL)],
);

pub static SECRET_ENV_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.SecretEnvSource",
    &[inline(1, &LOCAL_OBJECT_REFERENCE), field(2, "optional", BOOL)],
);

pub static ENV_VAR: Message = Message::new(
    "k8s.io.api.core.v1.EnvVar",
    &[
        field(1, "name", STRING),
        omitempty(2, "value", STRING),
        field(3, "valueFrom", msg(&ENV_VAR_SOURCE)),
    ],
);

pub static ENV_VAR_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.EnvVarSource",
    &[
        field(1, "fieldRef", msg(&OBJECT_FIELD_SELECTOR)),
        field(2, "resourceFieldRef", msg(&RESOURCE_FIELD_SELECTOR)),
        field(3, "configMapKeyRef", msg(&CONFIG_MAP_KEY_SELECTOR)),
        field(4, "secretKeyRef", msg(&SECRET_KEY_SELECTOR)),
        field(5, "fileKeyRef", msg(&FILE_KEY_SELECTOR)),
    ],
);

pub static CONFIG_MAP_KEY_SELECTOR: Message = Message::new(
    "k8s.io.api.core.v1.ConfigMapKeySelector",
    &[
        inline(1, &LOCAL_OBJECT_REFERENCE),
        field(2, "key", STRING),
        field(3, "optional", BOOL),
    ],
);

pub static SECRET_KEY_SELECTOR: Message = Message::new(
    "k8s.io.api.core.v1.SecretKeySelector",
    &[
        inline(1, &LOCAL_OBJECT_REFERENCE),
        field(2, "key", STRING),
        field(3, "optional", BOOL),
    ],
);

pub static FILE_KEY_SELECTOR: Message = Message::new(
    "k8s.io.api.core.v1.FileKeySelector",
    &[
        field(1, "volumeName", STRING),
        field(2, "path", STRING),
        field(3, "key", STRING),
        field(4, "optional", BOOL),
    ],
);

pub static RESOURCE_REQUIREMENTS: Message = Message::new(
    "k8s.io.api.core.v1.ResourceRequirements",
    &[
        map(1, "limits", QUANTITY),
        map(2, "requests", QUANTITY),
        repeated(3, "claims", msg(&RESOURCE_CLAIM)),
    ],
);

pub static RESOURCE_CLAIM: Message = Message::new(
    "k8s.io.api.core.v1.ResourceClaim",
    &[field(1, "name", STRING), omitempty(2, "request", STRING)],
);

pub static CONTAINER_RESIZE_POLICY: Message = Message::new(
    "k8s.io.api.core.v1.ContainerResizePolicy",
    &[
        field(1, "resourceName", STRING),
        field(2, "restartPolicy", STRING),
    ],
);

pub static CONTAINER_RESTART_RULE: Message = Message::new(
    "k8s.io.api.core.v1.ContainerRestartRule",
    &[
        omitempty(1, "action", STRING),
        field(2, "exitCodes", msg(&CONTAINER_RESTART_RULE_ON_EXIT_CODES)),
    ],
);

pub static CONTAINER_RESTART_RULE_ON_EXIT_CODES: Message = Message::new(
    "k8s.io.api.core.v1.ContainerRestartRuleOnExitCodes",
    &[omitempty(1, "operator", STRING), repeated(2, "values", INT32)],
);

pub static VOLUME_MOUNT: Message = Message::new(
    "k8s.io.api.core.v1.VolumeMount",
    &[
        field(1, "name", STRING),
        omitempty(2, "readOnly", BOOL),
        field(3, "mountPath", STRING),
        omitempty(4, "subPath", STRING),
        field(5, "mountPropagation", STRING),
        omitempty(6, "subPathExpr", STRING),
        field(7, "recursiveReadOnly", STRING),
        repeated(8, "bindMountOptions", STRING),
    ],
);

pub static VOLUME_DEVICE: Message = Message::new(
    "k8s.io.api.core.v1.VolumeDevice",
    &[field(1, "name", STRING), field(2, "devicePath", STRING)],
);

pub static PROBE: Message = Message::new(
    "k8s.io.api.core.v1.Probe",
    &[
        inline(1, &PROBE_HANDLER),
        omitempty(2, "initialDelaySeconds", INT32),
        omitempty(3, "timeoutSeconds", INT32),
        omitempty(4, "periodSeconds", INT32),
        omitempty(5, "successThreshold", INT32),
        omitempty(6, "failureThreshold", INT32),
        field(7, "terminationGracePeriodSeconds", INT64),
    ],
);

pub static PROBE_HANDLER: Message = Message::new(
    "k8s.io.api.core.v1.ProbeHandler",
    &[
        field(1, "exec", msg(&EXEC_ACTION)),
        field(2, "httpGet", msg(&HTTP_GET_ACTION)),
        field(3, "tcpSocket", msg(&TCP_SOCKET_ACTION)),
        field(4, "grpc", msg(&GRPC_ACTION)),
    ],
);

pub static EXEC_ACTION: Message =
    Message::new("k8s.io.api.core.v1.ExecAction", &[repeated(1, "command", STRING)]);

pub static HTTP_GET_ACTION: Message = Message::new(
    "k8s.io.api.core.v1.HTTPGetAction",
    &[
        omitempty(1, "path", STRING),
        field(2, "port", INT_OR_STRING),
        omitempty(3, "host", STRING),
        omitempty(4, "scheme", STRING),
        repeated(5, "httpHeaders", msg(&HTTP_HEADER)),
        field(6, "protocol", STRING),
    ],
);

pub static HTTP_HEADER: Message = Message::new(
    "k8s.io.api.core.v1.HTTPHeader",
    &[field(1, "name", STRING), field(2, "value", STRING)],
);

pub static TCP_SOCKET_ACTION: Message = Message::new(
    "k8s.io.api.core.v1.TCPSocketAction",
    &[field(1, "port", INT_OR_STRING), omitempty(2, "host", STRING)],
);

pub static GRPC_ACTION: Message = Message::new(
    "k8s.io.api.core.v1.GRPCAction",
    &[
        field(1, "port", INT32),
        field(2, "service", STRING),
        field(3, "mode", STRING),
    ],
);

pub static LIFECYCLE: Message = Message::new(
    "k8s.io.api.core.v1.Lifecycle",
    &[
        field(1, "postStart", msg(&LIFECYCLE_HANDLER)),
        field(2, "preStop", msg(&LIFECYCLE_HANDLER)),
        field(3, "stopSignal", STRING),
    ],
);

pub static LIFECYCLE_HANDLER: Message = Message::new(
    "k8s.io.api.core.v1.LifecycleHandler",
    &[
        field(1, "exec", msg(&EXEC_ACTION)),
        field(2, "httpGet", msg(&HTTP_GET_ACTION)),
        field(3, "tcpSocket", msg(&TCP_SOCKET_ACTION)),
        field(4, "sleep", msg(&SLEEP_ACTION)),
    ],
);

pub static SLEEP_ACTION: Message =
    Message::new("k8s.io.api.core.v1.SleepAction", &[field(1, "seconds", INT64)]);

pub static SECURITY_CONTEXT: Message = Message::new(
    "k8s.io.api.core.v1.SecurityContext",
    &[
        field(1, "capabilities", msg(&CAPABILITIES)),
        field(2, "privileged", BOOL),
        field(3, "seLinuxOptions", msg(&SE_LINUX_OPTIONS)),
        field(4, "runAsUser", INT64),
        field(5, "runAsNonRoot", BOOL),
        field(6, "readOnlyRootFilesystem", BOOL),
        field(7, "allowPrivilegeEscalation", BOOL),
        field(8, "runAsGroup", INT64),
        field(9, "procMount", STRING),
        field(10, "windowsOptions", msg(&WINDOWS_SECURITY_CONTEXT_OPTIONS)),
        field(11, "seccompProfile", msg(&SECCOMP_PROFILE)),
        field(12, "appArmorProfile", msg(&APP_ARMOR_PROFILE)),
    ],
);

pub static CAPABILITIES: Message = Message::new(
    "k8s.io.api.core.v1.Capabilities",
    &[repeated(1, "add", STRING), repeated(2, "drop", STRING)],
);

pub static SE_LINUX_OPTIONS: Message = Message::new(
    "k8s.io.api.core.v1.SELinuxOptions",
    &[
        omitempty(1, "user", STRING),
        omitempty(2, "role", STRING),
        omitempty(3, "type", STRING),
        omitempty(4, "level", STRING),
    ],
);

pub static WINDOWS_SECURITY_CONTEXT_OPTIONS: Message = Message::new(
    "k8s.io.api.core.v1.WindowsSecurityContextOptions",
    &[
        field(1, "gmsaCredentialSpecName", STRING),
        field(2, "gmsaCredentialSpec", STRING),
        field(3, "runAsUserName", STRING),
        field(4, "hostProcess", BOOL),
    ],
);

pub static SECCOMP_PROFILE: Message = Message::new(
    "k8s.io.api.core.v1.SeccompProfile",
    &[field(1, "type", STRING), field(2, "localhostProfile", STRING)],
);

pub static APP_ARMOR_PROFILE: Message = Message::new(
    "k8s.io.api.core.v1.AppArmorProfile",
    &[field(1, "type", STRING), field(2, "localhostProfile", STRING)],
);

pub static EPHEMERAL_CONTAINER: Message = Message::new(
    "k8s.io.api.core.v1.EphemeralContainer",
    &[
        inline(1, &EPHEMERAL_CONTAINER_COMMON),
        omitempty(2, "targetContainerName", STRING),
    ],
);

pub static EPHEMERAL_CONTAINER_COMMON: Message = Message::new(
    "k8s.io.api.core.v1.EphemeralContainerCommon",
    &[
        field(1, "name", STRING),
        omitempty(2, "image", STRING),
        repeated(3, "command", STRING),
        repeated(4, "args", STRING),
        omitempty(5, "workingDir", STRING),
        repeated(6, "ports", msg(&CONTAINER_PORT)),
        repeated(7, "env", msg(&ENV_VAR)),
        field(8, "resources", msg(&RESOURCE_REQUIREMENTS)),
        repeated(9, "volumeMounts", msg(&VOLUME_MOUNT)),
        field(10, "livenessProbe", msg(&PROBE)),
        field(11, "readinessProbe", msg(&PROBE)),
        field(12, "lifecycle", msg(&LIFECYCLE)),
        omitempty(13, "terminationMessagePath", STRING),
        omitempty(14, "imagePullPolicy", STRING),
        field(15, "securityContext", msg(&SECURITY_CONTEXT)),
        omitempty(16, "stdin", BOOL),
        omitempty(17, "stdinOnce", BOOL),
        omitempty(18, "tty", BOOL),
        repeated(19, "envFrom", msg(&ENV_FROM_SOURCE)),
        omitempty(20, "terminationMessagePolicy", STRING),
        repeated(21, "volumeDevices", msg(&VOLUME_DEVICE)),
        field(22, "startupProbe", msg(&PROBE)),
        repeated(23, "resizePolicy", msg(&CONTAINER_RESIZE_POLICY)),
        field(24, "restartPolicy", STRING),
        repeated(25, "restartPolicyRules", msg(&CONTAINER_RESTART_RULE)),
    ],
);

pub static POD_SECURITY_CONTEXT: Message = Message::new(
    "k8s.io.api.core.v1.PodSecurityContext",
    &[
        field(1, "seLinuxOptions", msg(&SE_LINUX_OPTIONS)),
        field(2, "runAsUser", INT64),
        field(3, "runAsNonRoot", BOOL),
        repeated(4, "supplementalGroups", INT64),
        field(5, "fsGroup", INT64),
        field(6, "runAsGroup", INT64),
        repeated(7, "sysctls", msg(&SYSCTL)),
        field(8, "windowsOptions", msg(&WINDOWS_SECURITY_CONTEXT_OPTIONS)),
        field(9, "fsGroupChangePolicy", STRING),
        field(10, "seccompProfile", msg(&SECCOMP_PROFILE)),
        field(11, "appArmorProfile", msg(&APP_ARMOR_PROFILE)),
        field(12, "supplementalGroupsPolicy", STRING),
        field(13, "seLinuxChangePolicy", STRING),
    ],
);

pub static SYSCTL: Message = Message::new(
    "k8s.io.api.core.v1.Sysctl",
    &[field(1, "name", STRING), field(2, "value", STRING)],
);

pub static AFFINITY: Message = Message::new(
    "k8s.io.api.core.v1.Affinity",
    &[
        field(1, "nodeAffinity", msg(&NODE_AFFINITY)),
        field(2, "podAffinity", msg(&POD_AFFINITY)),
        field(3, "podAntiAffinity", msg(&POD_ANTI_AFFINITY)),
    ],
);

pub static NODE_AFFINITY: Message = Message::new(
    "k8s.io.api.core.v1.NodeAffinity",
    &[
        field(
            1,
            "requiredDuringSchedulingIgnoredDuringExecution",
            msg(&NODE_SELECTOR),
        ),
        repeated(
            2,
            "preferredDuringSchedulingIgnoredDuringExecution",
            msg(&PREFERRED_SCHEDULING_TERM),
        ),
    ],
);

pub static NODE_SELECTOR: Message = Message::new(
    "k8s.io.api.core.v1.NodeSelector",
    &[repeated(1, "nodeSelectorTerms", msg(&NODE_SELECTOR_TERM))],
);

pub static NODE_SELECTOR_TERM: Message = Message::new(
    "k8s.io.api.core.v1.NodeSelectorTerm",
    &[
        repeated(1, "matchExpressions", msg(&NODE_SELECTOR_REQUIREMENT)),
        repeated(2, "matchFields", msg(&NODE_SELECTOR_REQUIREMENT)),
    ],
);

pub static NODE_SELECTOR_REQUIREMENT: Message = Message::new(
    "k8s.io.api.core.v1.NodeSelectorRequirement",
    &[
        field(1, "key", STRING),
        field(2, "operator", STRING),
        repeated(3, "values", STRING),
    ],
);

pub static PREFERRED_SCHEDULING_TERM: Message = Message::new(
    "k8s.io.api.core.v1.PreferredSchedulingTerm",
    &[
        field(1, "weight", INT32),
        field(2, "preference", msg(&NODE_SELECTOR_TERM)),
    ],
);

pub static POD_AFFINITY: Message = Message::new(
    "k8s.io.api.core.v1.PodAffinity",
    &[
        repeated(
            1,
            "requiredDuringSchedulingIgnoredDuringExecution",
            msg(&POD_AFFINITY_TERM),
        ),
        repeated(
            2,
            "preferredDuringSchedulingIgnoredDuringExecution",
            msg(&WEIGHTED_POD_AFFINITY_TERM),
        ),
    ],
);

pub static POD_AFFINITY_TERM: Message = Message::new(
    "k8s.io.api.core.v1.PodAffinityTerm",
    &[
        field(1, "labelSelector", msg(&meta::LABEL_SELECTOR)),
        repeated(2, "namespaces", STRING),
        field(3, "topologyKey", STRING),
        field(4, "namespaceSelector", msg(&meta::LABEL_SELECTOR)),
        repeated(5, "matchLabelKeys", STRING),
        repeated(6, "mismatchLabelKeys", STRING),
    ],
);

pub static WEIGHTED_POD_AFFINITY_TERM: Message = Message::new(
    "k8s.io.api.core.v1.WeightedPodAffinityTerm",
    &[
        field(1, "weight", INT32),
        field(2, "podAffinityTerm", msg(&POD_AFFINITY_TERM)),
    ],
);

pub static POD_ANTI_AFFINITY: Message = Message::new(
    "k8s.io.api.core.v1.PodAntiAffinity",
    &[
        repeated(
            1,
            "requiredDuringSchedulingIgnoredDuringExecution",
            msg(&POD_AFFINITY_TERM),
        ),
        repeated(
            2,
            "preferredDuringSchedulingIgnoredDuringExecution",
            msg(&WEIGHTED_POD_AFFINITY_TERM),
        ),
    ],
);

pub static TOLERATION: Message = Message::new(
    "k8s.io.api.core.v1.Toleration",
    &[
        omitempty(1, "key", STRING),
        omitempty(2, "operator", STRING),
        omitempty(3, "value", STRING),
        omitempty(4, "effect", STRING),
        field(5, "tolerationSeconds", INT64),
    ],
);

pub static HOST_ALIAS: Message = Message::new(
    "k8s.io.api.core.v1.HostAlias",
    &[field(1, "ip", STRING), repeated(2, "hostnames", STRING)],
);

pub static POD_DNS_CONFIG: Message = Message::new(
    "k8s.io.api.core.v1.PodDNSConfig",
    &[
        repeated(1, "nameservers", STRING),
        repeated(2, "searches", STRING),
        repeated(3, "options", msg(&POD_DNS_CONFIG_OPTION)),
    ],
);

pub static POD_DNS_CONFIG_OPTION: Message = Message::new(
    "k8s.io.api.core.v1.PodDNSConfigOption",
    &[omitempty(1, "name", STRING), field(2, "value", STRING)],
);

pub static POD_READINESS_GATE: Message = Message::new(
    "k8s.io.api.core.v1.PodReadinessGate",
    &[field(1, "conditionType", STRING)],
);

pub static TOPOLOGY_SPREAD_CONSTRAINT: Message = Message::new(
    "k8s.io.api.core.v1.TopologySpreadConstraint",
    &[
        field(1, "maxSkew", INT32),
        field(2, "topologyKey", STRING),
        field(3, "whenUnsatisfiable", STRING),
        field(4, "labelSelector", msg(&meta::LABEL_SELECTOR)),
        field(5, "minDomains", INT32),
        field(6, "nodeAffinityPolicy", STRING),
        field(7, "nodeTaintsPolicy", STRING),
        repeated(8, "matchLabelKeys", STRING),
    ],
);

pub static POD_OS: Message = Message::new("k8s.io.api.core.v1.PodOS", &[field(1, "name", STRING)]);

pub static POD_SCHEDULING_GATE: Message = Message::new(
    "k8s.io.api.core.v1.PodSchedulingGate",
    &[field(1, "name", STRING)],
);

pub static POD_RESOURCE_CLAIM: Message = Message::new(
    "k8s.io.api.core.v1.PodResourceClaim",
    &[
        field(1, "name", STRING),
        field(3, "resourceClaimName", STRING),
        field(4, "resourceClaimTemplateName", STRING),
    ],
);

pub static POD_SCHEDULING_GROUP: Message = Message::new(
    "k8s.io.api.core.v1.PodSchedulingGroup",
    &[field(1, "podGroupName", STRING)],
);

pub static EVICTION_RESPONDER: Message = Message::new(
    "k8s.io.api.core.v1.EvictionResponder",
    &[field(1, "name", STRING), field(2, "priority", INT32)],
);

pub static POD_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.PodStatus",
    &[
        omitempty(1, "phase", STRING),
        repeated(2, "conditions", msg(&POD_CONDITION)),
        omitempty(3, "message", STRING),
        omitempty(4, "reason", STRING),
        omitempty(5, "hostIP", STRING),
        omitempty(6, "podIP", STRING),
        field(7, "startTime", TIME),
        repeated(8, "containerStatuses", msg(&CONTAINER_STATUS)),
        omitempty(9, "qosClass", STRING),
        repeated(10, "initContainerStatuses", msg(&CONTAINER_STATUS)),
        omitempty(11, "nominatedNodeName", STRING),
        repeated(12, "podIPs", msg(&POD_IP)),
        repeated(13, "ephemeralContainerStatuses", msg(&CONTAINER_STATUS)),
        omitempty(14, "resize", STRING),
        repeated(15, "resourceClaimStatuses", msg(&POD_RESOURCE_CLAIM_STATUS)),
        repeated(16, "hostIPs", msg(&HOST_IP)),
        omitempty(17, "observedGeneration", INT64),
        field(
            18,
            "extendedResourceClaimStatus",
            msg(&POD_EXTENDED_RESOURCE_CLAIM_STATUS),
        ),
        map(19, "allocatedResources", QUANTITY),
        field(20, "resources", msg(&RESOURCE_REQUIREMENTS)),
        repeated(
            21,
            "nodeAllocatableResourceClaimStatuses",
            msg(&NODE_ALLOCATABLE_RESOURCE_CLAIM_STATUS),
        ),
        repeated(22, "volumeHealth", msg(&POD_VOLUME_HEALTH)),
    ],
);

pub static POD_CONDITION: Message = Message::new(
    "k8s.io.api.core.v1.PodCondition",
    &[
        field(1, "type", STRING),
        field(2, "status", STRING),
        field(3, "lastProbeTime", TIME),
        field(4, "lastTransitionTime", TIME),
        omitempty(5, "reason", STRING),
        omitempty(6, "message", STRING),
        omitempty(7, "observedGeneration", INT64),
    ],
);

pub static HOST_IP: Message = Message::new("k8s.io.api.core.v1.HostIP", &[field(1, "ip", STRING)]);

pub static POD_IP: Message = Message::new("k8s.io.api.core.v1.PodIP", &[field(1, "ip", STRING)]);

pub static CONTAINER_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.ContainerStatus",
    &[
        field(1, "name", STRING),
        field(2, "state", msg(&CONTAINER_STATE)),
        field(3, "lastState", msg(&CONTAINER_STATE)),
        field(4, "ready", BOOL),
        field(5, "restartCount", INT32),
        field(6, "image", STRING),
        field(7, "imageID", STRING),
        omitempty(8, "containerID", STRING),
        field(9, "started", BOOL),
        map(10, "allocatedResources", QUANTITY),
        field(11, "resources", msg(&RESOURCE_REQUIREMENTS)),
        repeated(12, "volumeMounts", msg(&VOLUME_MOUNT_STATUS)),
        field(13, "user", msg(&CONTAINER_USER)),
        repeated(14, "allocatedResourcesStatus", msg(&RESOURCE_STATUS)),
        field(15, "stopSignal", STRING),
    ],
);

pub static CONTAINER_STATE: Message = Message::new(
    "k8s.io.api.core.v1.ContainerState",
    &[
        field(1, "waiting", msg(&CONTAINER_STATE_WAITING)),
        field(2, "running", msg(&CONTAINER_STATE_RUNNING)),
        field(3, "terminated", msg(&CONTAINER_STATE_TERMINATED)),
    ],
);

pub static CONTAINER_STATE_WAITING: Message = Message::new(
    "k8s.io.api.core.v1.ContainerStateWaiting",
    &[omitempty(1, "reason", STRING), omitempty(2, "message", STRING)],
);

pub static CONTAINER_STATE_RUNNING: Message = Message::new(
    "k8s.io.api.core.v1.ContainerStateRunning",
    &[field(1, "startedAt", TIME)],
);

pub static CONTAINER_STATE_TERMINATED: Message = Message::new(
    "k8s.io.api.core.v1.ContainerStateTerminated",
    &[
        field(1, "exitCode", INT32),
        omitempty(2, "signal", INT32),
        omitempty(3, "reason", STRING),
        omitempty(4, "message", STRING),
        field(5, "startedAt", TIME),
        field(6, "finishedAt", TIME),
        omitempty(7, "containerID", STRING),
    ],
);

pub static VOLUME_MOUNT_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.VolumeMountStatus",
    &[
        field(1, "name", STRING),
        field(2, "mountPath", STRING),
        omitempty(3, "readOnly", BOOL),
        field(4, "recursiveReadOnly", STRING),
        field(5, "volumeStatus", msg(&VOLUME_STATUS)),
    ],
);

pub static VOLUME_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.VolumeStatus",
    &[field(1, "image", msg(&IMAGE_VOLUME_STATUS))],
);

pub static IMAGE_VOLUME_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.ImageVolumeStatus",
    &[omitempty(1, "imageRef", STRING)],
);

pub static CONTAINER_USER: Message = Message::new(
    "k8s.io.api.core.v1.ContainerUser",
    &[field(1, "linux", msg(&LINUX_CONTAINER_USER))],
);

pub static LINUX_CONTAINER_USER: Message = Message::new(
    "k8s.io.api.core.v1.LinuxContainerUser",
    &[
        field(1, "uid", INT64),
        field(2, "gid", INT64),
        repeated(3, "supplementalGroups", INT64),
    ],
);

pub static RESOURCE_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.ResourceStatus",
    &[
        field(1, "name", STRING),
        repeated(2, "resources", msg(&RESOURCE_HEALTH)),
    ],
);

pub static RESOURCE_HEALTH: Message = Message::new(
    "k8s.io.api.core.v1.ResourceHealth",
    &[
        field(1, "resourceID", STRING),
        omitempty(2, "health", STRING),
        field(6, "message", STRING),
    ],
);

pub static POD_RESOURCE_CLAIM_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.PodResourceClaimStatus",
    &[field(1, "name", STRING), field(2, "resourceClaimName", STRING)],
);

pub static POD_EXTENDED_RESOURCE_CLAIM_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.PodExtendedResourceClaimStatus",
    &[
        repeated(1, "requestMappings", msg(&CONTAINER_EXTENDED_RESOURCE_REQUEST)),
        field(2, "resourceClaimName", STRING),
    ],
);

pub static CONTAINER_EXTENDED_RESOURCE_REQUEST: Message = Message::new(
    "k8s.io.api.core.v1.ContainerExtendedResourceRequest",
    &[
        field(1, "containerName", STRING),
        field(2, "resourceName", STRING),
        field(3, "requestName", STRING),
    ],
);

pub static NODE_ALLOCATABLE_RESOURCE_CLAIM_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.NodeAllocatableResourceClaimStatus",
    &[
        field(1, "resourceClaimName", STRING),
        repeated(2, "containers", STRING),
        repeated(4, "mapping", msg(&NODE_ALLOCATABLE_MAPPED_RESOURCES)),
        repeated(5, "overhead", msg(&NODE_ALLOCATABLE_OVERHEAD_RESOURCES)),
    ],
);

pub static NODE_ALLOCATABLE_MAPPED_RESOURCES: Message = Message::new(
    "k8s.io.api.core.v1.NodeAllocatableMappedResources",
    &[field(1, "name", STRING), field(2, "quantity", QUANTITY)],
);

pub static NODE_ALLOCATABLE_OVERHEAD_RESOURCES: Message = Message::new(
    "k8s.io.api.core.v1.NodeAllocatableOverheadResources",
    &[
        field(1, "name", STRING),
        field(2, "perPod", QUANTITY),
        field(3, "perContainer", QUANTITY),
    ],
);

pub static POD_VOLUME_HEALTH: Message = Message::new(
    "k8s.io.api.core.v1.PodVolumeHealth",
    &[
        field(1, "name", STRING),
        repeated(2, "healthConditions", msg(&VOLUME_HEALTH_CONDITION)),
        field(3, "lastTransitionTime", TIME),
    ],
);

pub static VOLUME_HEALTH_CONDITION: Message = Message::new(
    "k8s.io.api.core.v1.VolumeHealthCondition",
    &[
        field(1, "status", STRING),
        field(2, "reason", STRING),
        omitempty(3, "message", STRING),
    ],
);

pub static NODE: Message = Message::new(
    "k8s.io.api.core.v1.Node",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&NODE_SPEC)),
        field(3, "status", msg(&NODE_STATUS)),
    ],
);

pub static NODE_SPEC: Message = Message::new(
    "k8s.io.api.core.v1.NodeSpec",
    &[
        omitempty(1, "podCIDR", STRING),
        omitempty(2, "externalID", STRING),
        omitempty(3, "providerID", STRING),
        omitempty(4, "unschedulable", BOOL),
        repeated(5, "taints", msg(&TAINT)),
        field(6, "configSource", msg(&NODE_CONFIG_SOURCE)),
        repeated(7, "podCIDRs", STRING),
        field(8, "podPreemptionPolicy", msg(&NODE_POD_PREEMPTION_POLICY)),
    ],
);

pub static TAINT: Message = Message::new(
    "k8s.io.api.core.v1.Taint",
    &[
        field(1, "key", STRING),
        omitempty(2, "value", STRING),
        field(3, "effect", STRING),
        field(4, "timeAdded", TIME),
    ],
);

pub static NODE_CONFIG_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.NodeConfigSource",
    &[field(2, "configMap", msg(&CONFIG_MAP_NODE_CONFIG_SOURCE))],
);

pub static CONFIG_MAP_NODE_CONFIG_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.ConfigMapNodeConfigSource",
    &[
        field(1, "namespace", STRING),
        field(2, "name", STRING),
        omitempty(3, "uid", STRING),
        omitempty(4, "resourceVersion", STRING),
        field(5, "kubeletConfigKey", STRING),
    ],
);

pub static NODE_POD_PREEMPTION_POLICY: Message = Message::new(
    "k8s.io.api.core.v1.NodePodPreemptionPolicy",
    &[repeated(1, "disableResizePreemption", STRING)],
);

pub static NODE_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.NodeStatus",
    &[
        map(1, "capacity", QUANTITY),
        map(2, "allocatable", QUANTITY),
        omitempty(3, "phase", STRING),
        repeated(4, "conditions", msg(&NODE_CONDITION)),
        repeated(5, "addresses", msg(&NODE_ADDRESS)),
        field(6, "daemonEndpoints", msg(&NODE_DAEMON_ENDPOINTS)),
        field(7, "nodeInfo", msg(&NODE_SYSTEM_INFO)),
        repeated(8, "images", msg(&CONTAINER_IMAGE)),
        repeated(9, "volumesInUse", STRING),
        repeated(10, "volumesAttached", msg(&ATTACHED_VOLUME)),
        field(11, "config", msg(&NODE_CONFIG_STATUS)),
        repeated(12, "runtimeHandlers", msg(&NODE_RUNTIME_HANDLER)),
        field(13, "features", msg(&NODE_FEATURES)),
        repeated(14, "declaredFeatures", STRING),
    ],
);

pub static NODE_CONDITION: Message = Message::new(
    "k8s.io.api.core.v1.NodeCondition",
    &[
        field(1, "type", STRING),
        field(2, "status", STRING),
        field(3, "lastHeartbeatTime", TIME),
        field(4, "lastTransitionTime", TIME),
        omitempty(5, "reason", STRING),
        omitempty(6, "message", STRING),
    ],
);

pub static NODE_ADDRESS: Message = Message::new(
    "k8s.io.api.core.v1.NodeAddress",
    &[field(1, "type", STRING), field(2, "address", STRING)],
);

pub static NODE_DAEMON_ENDPOINTS: Message = Message::new(
    "k8s.io.api.core.v1.NodeDaemonEndpoints",
    &[field(1, "kubeletEndpoint", msg(&DAEMON_ENDPOINT))],
);

pub static DAEMON_ENDPOINT: Message =
    Message::new("k8s.io.api.core.v1.DaemonEndpoint", &[field(1, "Port", INT32)]);

pub static NODE_SYSTEM_INFO: Message = Message::new(
    "k8s.io.api.core.v1.NodeSystemInfo",
    &[
        field(1, "machineID", STRING),
        field(2, "systemUUID", STRING),
        field(3, "bootID", STRING),
        field(4, "kernelVersion", STRING),
        field(5, "osImage", STRING),
        field(6, "containerRuntimeVersion", STRING),
        field(7, "kubeletVersion", STRING),
        field(8, "kubeProxyVersion", STRING),
        field(9, "operatingSystem", STRING),
        field(10, "architecture", STRING),
        field(11, "swap", msg(&NODE_SWAP_STATUS)),
    ],
);

pub static NODE_SWAP_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.NodeSwapStatus",
    &[field(1, "capacity", INT64)],
);

pub static CONTAINER_IMAGE: Message = Message::new(
    "k8s.io.api.core.v1.ContainerImage",
    &[repeated(1, "names", STRING), omitempty(2, "sizeBytes", INT64)],
);

pub static ATTACHED_VOLUME: Message = Message::new(
    "k8s.io.api.core.v1.AttachedVolume",
    &[field(1, "name", STRING), field(2, "devicePath", STRING)],
);

pub static NODE_CONFIG_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.NodeConfigStatus",
    &[
        field(1, "assigned", msg(&NODE_CONFIG_SOURCE)),
        field(2, "active", msg(&NODE_CONFIG_SOURCE)),
        field(3, "lastKnownGood", msg(&NODE_CONFIG_SOURCE)),
        omitempty(4, "error", STRING),
    ],
);

pub static NODE_RUNTIME_HANDLER: Message = Message::new(
    "k8s.io.api.core.v1.NodeRuntimeHandler",
    &[
        field(1, "name", STRING),
        field(2, "features", msg(&NODE_RUNTIME_HANDLER_FEATURES)),
    ],
);

pub static NODE_RUNTIME_HANDLER_FEATURES: Message = Message::new(
    "k8s.io.api.core.v1.NodeRuntimeHandlerFeatures",
    &[
        field(1, "recursiveReadOnlyMounts", BOOL),
        field(2, "userNamespaces", BOOL),
    ],
);

pub static NODE_FEATURES: Message = Message::new(
    "k8s.io.api.core.v1.NodeFeatures",
    &[field(1, "supplementalGroupsPolicy", BOOL)],
);

pub static BINDING: Message = Message::new(
    "k8s.io.api.core.v1.Binding",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "target", msg(&OBJECT_REFERENCE)),
    ],
);

pub static EVENT: Message = Message::new(
    "k8s.io.api.core.v1.Event",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "involvedObject", msg(&OBJECT_REFERENCE)),
        omitempty(3, "reason", STRING),
        omitempty(4, "message", STRING),
        field(5, "source", msg(&EVENT_SOURCE)),
        field(6, "firstTimestamp", TIME),
        field(7, "lastTimestamp", TIME),
        omitempty(8, "count", INT32),
        omitempty(9, "type", STRING),
        field(10, "eventTime", MICRO_TIME),
        field(11, "series", msg(&EVENT_SERIES)),
        omitempty(12, "action", STRING),
        field(13, "related", msg(&OBJECT_REFERENCE)),
        field(14, "reportingComponent", STRING),
        field(15, "reportingInstance", STRING),
    ],
);

pub static EVENT_SOURCE: Message = Message::new(
    "k8s.io.api.core.v1.EventSource",
    &[omitempty(1, "component", STRING), omitempty(2, "host", STRING)],
);

pub static EVENT_SERIES: Message = Message::new(
    "k8s.io.api.core.v1.EventSeries",
    &[
        omitempty(1, "count", INT32),
        field(2, "lastObservedTime", MICRO_TIME),
    ],
);

pub static POD_TEMPLATE_SPEC: Message = Message::new(
    "k8s.io.api.core.v1.PodTemplateSpec",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&POD_SPEC)),
    ],
);

pub static PERSISTENT_VOLUME_CLAIM: Message = Message::new(
    "k8s.io.api.core.v1.PersistentVolumeClaim",
    &[
        field(1, "metadata", msg(&meta::OBJECT_META)),
        field(2, "spec", msg(&PERSISTENT_VOLUME_CLAIM_SPEC)),
        field(3, "status", msg(&PERSISTENT_VOLUME_CLAIM_STATUS)),
    ],
);

pub static PERSISTENT_VOLUME_CLAIM_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.PersistentVolumeClaimStatus",
    &[
        omitempty(1, "phase", STRING),
        repeated(2, "accessModes", STRING),
        map(3, "capacity", QUANTITY),
        repeated(4, "conditions", msg(&PERSISTENT_VOLUME_CLAIM_CONDITION)),
        map(5, "allocatedResources", QUANTITY),
        map(7, "allocatedResourceStatuses", STRING),
        field(8, "currentVolumeAttributesClassName", STRING),
        field(9, "modifyVolumeStatus", msg(&MODIFY_VOLUME_STATUS)),
        field(10, "healthStatus", msg(&VOLUME_HEALTH_STATUS)),
    ],
);

pub static PERSISTENT_VOLUME_CLAIM_CONDITION: Message = Message::new(
    "k8s.io.api.core.v1.PersistentVolumeClaimCondition",
    &[
        field(1, "type", STRING),
        field(2, "status", STRING),
        field(3, "lastProbeTime", TIME),
        field(4, "lastTransitionTime", TIME),
        omitempty(5, "reason", STRING),
        omitempty(6, "message", STRING),
    ],
);

pub static MODIFY_VOLUME_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.ModifyVolumeStatus",
    &[
        omitempty(1, "targetVolumeAttributesClassName", STRING),
        field(2, "status", STRING),
    ],
);

pub static VOLUME_HEALTH_STATUS: Message = Message::new(
    "k8s.io.api.core.v1.VolumeHealthStatus",
    &[
        repeated(1, "healthConditions", msg(&VOLUME_HEALTH_CONDITION)),
        field(2, "lastTransitionTime", TIME),
    ],
);
