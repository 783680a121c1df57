#!/usr/bin/env bash
# Creates two local kind clusters (kind-cluster1, kind-cluster2) on the shared "kind" Docker
# network, each with MetalLB handing out LoadBalancer addresses from its own slice of that
# network, so each east-west gateway gets an address the other cluster can reach.
#
# Needs: docker, kind, kubectl. Usage: scripts/kind-clusters.sh [create|delete]
set -euo pipefail

METALLB_VERSION="${METALLB_VERSION:-v0.14.9}"
# Istio 1.30 and 1.31 support Kubernetes 1.32 to 1.36. kind's default node image depends on the kind
# release; pin one in that range with e.g. KIND_NODE_IMAGE=kindest/node:v1.35.0.
KIND_NODE_IMAGE="${KIND_NODE_IMAGE:-}"
MIN_K8S_MINOR=32
MAX_K8S_MINOR=36
CLUSTERS=(cluster1 cluster2)

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "kind-clusters: '$1' is required but not on PATH" >&2; exit 2; }
}

# The IPv4 prefix of the kind Docker network, e.g. 172.18 for 172.18.0.0/16.
kind_prefix() {
  local subnet
  subnet=$(docker network inspect kind -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}' | tr ' ' '\n' | grep -m1 -E '^[0-9]+\.[0-9]+\.')
  echo "$subnet" | cut -d. -f1,2
}

# Fails early, with the fix, when a context's API server is outside the Kubernetes range Istio supports.
check_kubernetes() {
  local ctx=$1 minor
  minor=$(kubectl --context "$ctx" get --raw /version | sed -nE 's/.*"minor": *"([0-9]+).*/\1/p')
  if [ -z "$minor" ] || [ "$minor" -lt "$MIN_K8S_MINOR" ] || [ "$minor" -gt "$MAX_K8S_MINOR" ]; then
    echo "kind-clusters: $ctx runs Kubernetes 1.${minor:-?}; Istio 1.30/1.31 support 1.$MIN_K8S_MINOR to 1.$MAX_K8S_MINOR." >&2
    echo "kind-clusters: recreate it with: scripts/kind-clusters.sh delete && KIND_NODE_IMAGE=kindest/node:v1.35.0 scripts/kind-clusters.sh create" >&2
    exit 2
  fi
  echo "$ctx: Kubernetes 1.$minor (Istio 1.30/1.31 support 1.$MIN_K8S_MINOR to 1.$MAX_K8S_MINOR)"
}

create() {
  need docker; need kind; need kubectl
  local i=0 prefix image=()
  if [ -n "$KIND_NODE_IMAGE" ]; then
    image=(--image "$KIND_NODE_IMAGE")
  fi
  for name in "${CLUSTERS[@]}"; do
    if ! kind get clusters | grep -qx "$name"; then
      kind create cluster --name "$name" "${image[@]}"
    fi
    check_kubernetes "kind-$name"
  done
  prefix=$(kind_prefix)
  for name in "${CLUSTERS[@]}"; do
    local ctx="kind-$name" first=$((200 + i * 25)) last=$((224 + i * 25))
    kubectl --context "$ctx" apply -f "https://raw.githubusercontent.com/metallb/metallb/${METALLB_VERSION}/config/manifests/metallb-native.yaml"
    kubectl --context "$ctx" -n metallb-system wait --for=condition=Available deployment/controller --timeout=180s
    kubectl --context "$ctx" -n metallb-system wait --for=condition=Ready pod -l component=speaker --timeout=180s
    kubectl --context "$ctx" apply -f - <<YAML
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: kind-pool
  namespace: metallb-system
spec:
  addresses:
    - ${prefix}.255.${first}-${prefix}.255.${last}
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: kind-l2
  namespace: metallb-system
YAML
    echo "$ctx: LoadBalancer addresses ${prefix}.255.${first}-${prefix}.255.${last}"
    i=$((i + 1))
  done
}

delete() {
  need kind
  for name in "${CLUSTERS[@]}"; do
    kind delete cluster --name "$name"
  done
}

case "${1:-create}" in
  create) create ;;
  delete) delete ;;
  *) echo "usage: $0 [create|delete]" >&2; exit 2 ;;
esac
