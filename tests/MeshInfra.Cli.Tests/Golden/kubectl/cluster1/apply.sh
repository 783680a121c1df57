#!/usr/bin/env bash
# Written by meshinfra render --layout kubectl: applies cluster cluster1 of mesh mesh1 by hand.
# Each step is one dependency layer (the NN of the file names) and needs only the steps before it.
# Needs kubectl, and helm 3.8 or later (OCI charts). Run it again after a change: every step is an
# apply or an upgrade --install. Objects it no longer renders are not deleted; istiod releases it no
# longer has are uninstalled at the end.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Istio's CA for cluster1: the cacerts Secret is made from files you provide, as the profile in ca/02-certificate-ca-intermediate.yaml describes.
# MeshInfra never renders CA keys, and a placeholder Secret would start istiod with a broken CA.
cacerts="${MESHINFRA_CACERTS_DIR:-}"
if [[ -z "$cacerts" ]]; then
  echo "apply.sh: set MESHINFRA_CACERTS_DIR to a directory holding cluster1's ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem (an intermediate CA as described in $here/ca/02-certificate-ca-intermediate.yaml, signed by the mesh's root); nothing was applied" >&2
  exit 2
fi
for file in ca-cert.pem ca-key.pem root-cert.pem cert-chain.pem; do
  if [[ ! -f "$cacerts/$file" ]]; then
    echo "apply.sh: $cacerts/$file is missing; MESHINFRA_CACERTS_DIR must hold ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem; nothing was applied" >&2
    exit 2
  fi
done

# Layer 01
kubectl --context kind-cluster1 apply -f "$here/manifests/01-clusterrole-meshinfra-doctor.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/01-clusterrolebinding-meshinfra-doctor.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/01-namespace-istio-eastwest.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/01-namespace-istio-ingress.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/01-namespace-istio-system.yaml"
# MANUAL STEP: kubectl apply would replace the whole Corefile, and the live one is the cluster's, so this prints what to do and goes on.
printf '%s\n' >&2 \
  'MANUAL STEP (CoreDNS): add the server block in coredns/global.server (beside this script), with its' \
  'BEGIN/END meshinfra marker lines, at the end of key Corefile of ConfigMap kube-system/coredns,' \
  'keeping everything else as it is. CoreDNS'\''s reload plugin picks it up within a minute:' \
  '  kubectl --context kind-cluster1 -n kube-system edit configmap coredns'

# Layer 02
kubectl --context kind-cluster1 apply -f "$here/manifests/02-service-istio-eastwest-istio-eastwestgateway.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/02-service-istio-ingress-istio-ingressgateway.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/02-serviceaccount-istio-system-meshinfra-doctor.yaml"
helm upgrade --install istio-base oci://ghcr.io/istio/release/charts/base --version 1.31.1 --namespace istio-system --kube-context kind-cluster1 --values "$here/helm/02-istio-base.values.yaml" --wait

# Layer 03
# Secret istio-system/cacerts from $MESHINFRA_CACERTS_DIR: its keys are generated at deploy time and never rendered.
kubectl --context kind-cluster1 create secret generic cacerts --namespace istio-system --from-file=ca-cert.pem="$cacerts/ca-cert.pem" --from-file=ca-key.pem="$cacerts/ca-key.pem" --from-file=root-cert.pem="$cacerts/root-cert.pem" --from-file=cert-chain.pem="$cacerts/cert-chain.pem" \
  --dry-run=client -o yaml | kubectl --context kind-cluster1 apply --server-side --field-manager meshinfra -f -

# Layer 04
helm upgrade --install istiod oci://ghcr.io/istio/release/charts/istiod --version 1.31.1 --namespace istio-system --kube-context kind-cluster1 --values "$here/helm/04-istiod.values.yaml" --wait

# Layer 05
kubectl --context kind-cluster1 apply -f "$here/manifests/05-destinationrule-istio-eastwest-details.default.svc.cluster.local.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-destinationrule-istio-eastwest-productpage.default.svc.cluster.local.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-destinationrule-istio-eastwest-reviews.default.svc.cluster.local.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-destinationrule-istio-system-details.default.global.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-destinationrule-istio-system-httpbin.bar.global.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-destinationrule-istio-system-productpage.default.global.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-destinationrule-istio-system-ratings.default.global.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-destinationrule-istio-system-reviews.default.global.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-gateway-istio-system-cross-network-gateway.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-namespace-default.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-namespace-foo.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-peerauthentication-istio-system-default.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-serviceentry-istio-system-details.default.global.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-serviceentry-istio-system-productpage.default.global.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/05-virtualservice-istio-system-reviews.default.global.yaml"
helm upgrade --install istio-eastwestgateway oci://ghcr.io/istio/release/charts/gateway --version 1.31.1 --namespace istio-eastwest --kube-context kind-cluster1 --values "$here/helm/05-istio-eastwestgateway.values.yaml" --wait
helm upgrade --install istio-ingressgateway oci://ghcr.io/istio/release/charts/gateway --version 1.31.1 --namespace istio-ingress --kube-context kind-cluster1 --values "$here/helm/05-istio-ingressgateway.values.yaml" --wait

# Layer 06
kubectl --context kind-cluster1 apply -f "$here/manifests/06-gateway-default-bookinfo-gateway.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/06-peerauthentication-default-default-strict.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/06-service-default-details.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/06-service-default-productpage.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/06-service-default-reviews.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/06-service-foo-sleep.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/06-serviceaccount-default-bookinfo-details.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/06-serviceaccount-default-bookinfo-productpage.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/06-serviceaccount-default-bookinfo-reviews.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/06-serviceaccount-foo-sleep.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/06-serviceentry-istio-system-httpbin.bar.global.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/06-serviceentry-istio-system-ratings.default.global.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/06-serviceentry-istio-system-reviews.default.global.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/06-virtualservice-default-bookinfo.yaml"

# Layer 07
kubectl --context kind-cluster1 apply -f "$here/manifests/07-deployment-default-details-v1.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/07-deployment-default-productpage-v1.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/07-deployment-default-reviews-v1.yaml"
kubectl --context kind-cluster1 apply -f "$here/manifests/07-deployment-foo-sleep.yaml"

# Helm releases of istiod in istio-system that the stack no longer has are uninstalled last, after the default
# revision tag moved; the stack keeps istiod.
istiods="$(helm list --namespace istio-system --kube-context kind-cluster1 --short --filter '^istiod(-[a-z0-9-]+)?$')"
for release in $istiods; do
  case "$release" in
    istiod) ;;
    *)
      echo "apply.sh: uninstalling Helm release $release, which the stack no longer has" >&2
      helm uninstall "$release" --namespace istio-system --kube-context kind-cluster1 --wait
      ;;
  esac
done
