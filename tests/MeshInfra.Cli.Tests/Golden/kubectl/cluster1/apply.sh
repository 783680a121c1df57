#!/usr/bin/env bash
# Written by meshinfra render --layout kubectl: applies cluster cluster1 of mesh mesh1 by hand.
# Each step is one dependency layer (the NN of the file names) and needs only the steps before it.
# Needs kubectl, and helm 3.8 or later (OCI charts). Run it again after a change: every step is an
# apply or an upgrade --install. At the end it deletes the objects this stack applied before and no
# longer renders (only objects carrying this stack's labels, never a namespace), and uninstalls the
# Helm releases it no longer has that carry its marker (never base), once no other cluster dials an old
# east-west gateway.
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
fail() { echo "apply.sh: $1; nothing was applied" >&2; exit 2; }
command -v openssl >/dev/null || fail "openssl is needed to check the CA files in $cacerts"
roots=(root-cert.pem)
for file in ca-cert.pem cert-chain.pem "${roots[@]}"; do
  openssl x509 -noout -in "$cacerts/$file" 2>/dev/null || fail "$cacerts/$file is not a PEM certificate"
done
for file in "${roots[@]}"; do
  [[ "$(grep -c -e '-----BEGIN CERTIFICATE-----' "$cacerts/$file")" == 1 ]] || fail "$cacerts/$file holds more than one certificate; give one root per file"
  openssl verify -CAfile "$cacerts/$file" "$cacerts/$file" >/dev/null 2>&1 || fail "$cacerts/$file is not a self-signed root CA certificate"
done
openssl pkey -noout -in "$cacerts/ca-key.pem" 2>/dev/null || fail "$cacerts/ca-key.pem is not a PEM private key"
[[ "$(openssl x509 -noout -pubkey -in "$cacerts/ca-cert.pem")" == "$(openssl pkey -pubout -in "$cacerts/ca-key.pem")" ]] \
  || fail "$cacerts/ca-key.pem is not the key of $cacerts/ca-cert.pem"
fingerprint() { openssl x509 -noout -fingerprint -sha256 | sed 's/.*=//; s/://g'; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Every certificate's fingerprint in a PEM bundle on stdin, one a line, sorted.
fingerprints() {
  awk -v dir="$work" '/-----BEGIN CERTIFICATE-----/ { n++ } n { print > (dir "/split-" n ".pem") } END { for (i = 1; i <= n; i++) { f = dir "/split-" i ".pem"; close(f); print f } }' |
    while read -r part; do fingerprint < "$part"; rm -f "$part"; done | sort
}
for file in "${roots[@]}"; do
  cat "$cacerts/$file"
  [[ -z "$(tail -c 1 "$cacerts/$file")" ]] || echo
done > "$work/root-cert.pem"
ours="$(fingerprints < "$work/root-cert.pem")"
signer="$(fingerprint < "$cacerts/root-cert.pem")"
last="$(awk '/-----BEGIN CERTIFICATE-----/ { last = "" } { last = last $0 "\n" } END { printf "%s", last }' "$cacerts/cert-chain.pem" | fingerprint)"
[[ "$last" == "$signer" ]] || fail "$cacerts/cert-chain.pem does not end at root-cert.pem (it is the intermediate, then the root)"
openssl verify -CAfile "$cacerts/root-cert.pem" -untrusted "$cacerts/cert-chain.pem" "$cacerts/ca-cert.pem" >/dev/null 2>&1 \
  || fail "$cacerts/ca-cert.pem is not signed by root-cert.pem through cert-chain.pem"
theirs="$(kubectl --context kind-cluster2 -n istio-system get secret cacerts -o jsonpath='{.data.root-cert\.pem}' 2>/dev/null | base64 -d 2>/dev/null | fingerprints 2>/dev/null || true)"
[[ -z "$theirs" || "$theirs" == "$ours" ]] || fail "$cacerts/root-cert.pem is not the root cluster cluster2 has (its cacerts Secret): every cluster of the mesh shares one root"

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
kubectl --context kind-cluster1 create secret generic cacerts --namespace istio-system --from-file=ca-cert.pem="$cacerts/ca-cert.pem" --from-file=ca-key.pem="$cacerts/ca-key.pem" --from-file=root-cert.pem="$work/root-cert.pem" --from-file=cert-chain.pem="$cacerts/cert-chain.pem" \
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
kubectl --context kind-cluster1 apply -f "$here/manifests/05-virtualservice-istio-system-reviews.default.global.exported.yaml"
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

# Last, as pulumi up deletes last: what this stack applied or installed before and no longer has.
# Helm releases are looked for by MeshInfra's names and namespaces: istiod and istiod-<revision> in
# istio-system, and each gateway in istio-system (where gateways ran before they had their own namespaces)
# or in its own namespace where the stack no longer runs it; never base. Looks at istio-system/istio-eastwestgateway, istio-system/istio-ingressgateway, istio-system/istiod(-[a-z0-9-]+)?.
selector=app.kubernetes.io/managed-by=meshinfra,meshinfra/stack=mesh-infra.dev
# Uninstalled: only a release whose values carry MeshInfra's marker (annotation meshinfra.io/managed-by: meshinfra).
# One of MeshInfra's names without it is someone else's, or one an older MeshInfra installed (before the
# marker) that the stack dropped before this version upgraded it: it is left in place, with a line saying so.
owned() {
  local values
  values="$(helm get values "$2" --namespace "$1" --kube-context kind-cluster1 -o json)" \
    || { echo "apply.sh: could not read the values of Helm release $1/$2; nothing was removed" >&2; exit 1; }
  printf '%s\n' "$values" | grep -E '"meshinfra\.io/managed-by" *: *"meshinfra"' >/dev/null
}
left() {
  printf 'apply.sh: leaving Helm release %s/%s in place: the stack no longer has it, but its values lack the MeshInfra marker (meshinfra.io/managed-by: meshinfra), so it may belong to someone else; if MeshInfra installed it (before the marker existed), uninstall it yourself: helm uninstall %s --namespace %s %s\n' "$1" "$2" "$2" "$1" '--kube-context kind-cluster1' >&2
}
gone=""
found="$(helm list --namespace istio-system --kube-context kind-cluster1 --short --filter '^istio-eastwestgateway$')"
for release in $found; do if owned istio-system "$release"; then gone+=istio-system" $release"$'\n'; else left istio-system "$release"; fi; done
found="$(helm list --namespace istio-system --kube-context kind-cluster1 --short --filter '^istio-ingressgateway$')"
for release in $found; do if owned istio-system "$release"; then gone+=istio-system" $release"$'\n'; else left istio-system "$release"; fi; done
found="$(helm list --namespace istio-system --kube-context kind-cluster1 --short --filter '^istiod(-[a-z0-9-]+)?$')"
for release in $found; do
  case "$release" in
    istiod) ;;
    *) if owned istio-system "$release"; then gone+=istio-system" $release"$'\n'; else left istio-system "$release"; fi ;;
  esac
done
# An old east-west gateway goes only once no other cluster dials it: pulumi up deletes it after every
# cluster's ServiceEntries took the new address, but each cluster's script runs on its own.
dialled=""
if printf '%s' "$gone" | grep -x '[^ ]* istio-eastwestgateway' >/dev/null; then
  if live="$(kubectl --context kind-cluster2 get serviceentries.networking.istio.io --all-namespaces -l "$selector" -o jsonpath='{range .items[*].spec.endpoints[?(@.labels.cluster=="cluster1")]}{.address}{" "}{.ports.*}{"\n"}{end}' | awk 'NF { print $1, $2 }' | sort -u)"; then
    expected="$(printf '%s\n' '203.0.113.10 15443')"
    while read -r endpoint; do
      if [[ -n "$endpoint" ]] && ! printf '%s\n' "$expected" | grep -xF "$endpoint" >/dev/null; then
        dialled+="cluster2 dials $endpoint; "
      fi
    done < <(printf '%s\n' "$live")
  else
    dialled+="cluster2 could not be read; "
  fi
fi
if [[ -n "$dialled" ]]; then
  echo "apply.sh: removing nothing this run, since the old east-west gateway still carries traffic: ${dialled}run this script again once the other clusters' apply.sh have run" >&2
else
  # Objects: candidates are found by this stack's labels; those this render has are kept.
  rendered="$(printf '%s\n' \
    '/Namespace//foo' \
    '/Namespace//istio-eastwest' \
    '/Namespace//istio-ingress' \
    '/Namespace//istio-system' \
    '/Service/default/details' \
    '/Service/default/productpage' \
    '/Service/default/reviews' \
    '/Service/foo/sleep' \
    '/Service/istio-eastwest/istio-eastwestgateway' \
    '/Service/istio-ingress/istio-ingressgateway' \
    '/ServiceAccount/default/bookinfo-details' \
    '/ServiceAccount/default/bookinfo-productpage' \
    '/ServiceAccount/default/bookinfo-reviews' \
    '/ServiceAccount/foo/sleep' \
    '/ServiceAccount/istio-system/meshinfra-doctor' \
    'apps/Deployment/default/details-v1' \
    'apps/Deployment/default/productpage-v1' \
    'apps/Deployment/default/reviews-v1' \
    'apps/Deployment/foo/sleep' \
    'networking.istio.io/DestinationRule/istio-eastwest/details.default.svc.cluster.local' \
    'networking.istio.io/DestinationRule/istio-eastwest/productpage.default.svc.cluster.local' \
    'networking.istio.io/DestinationRule/istio-eastwest/reviews.default.svc.cluster.local' \
    'networking.istio.io/DestinationRule/istio-system/details.default.global' \
    'networking.istio.io/DestinationRule/istio-system/httpbin.bar.global' \
    'networking.istio.io/DestinationRule/istio-system/productpage.default.global' \
    'networking.istio.io/DestinationRule/istio-system/ratings.default.global' \
    'networking.istio.io/DestinationRule/istio-system/reviews.default.global' \
    'networking.istio.io/Gateway/default/bookinfo-gateway' \
    'networking.istio.io/Gateway/istio-system/cross-network-gateway' \
    'networking.istio.io/ServiceEntry/istio-system/details.default.global' \
    'networking.istio.io/ServiceEntry/istio-system/httpbin.bar.global' \
    'networking.istio.io/ServiceEntry/istio-system/productpage.default.global' \
    'networking.istio.io/ServiceEntry/istio-system/ratings.default.global' \
    'networking.istio.io/ServiceEntry/istio-system/reviews.default.global' \
    'networking.istio.io/VirtualService/default/bookinfo' \
    'networking.istio.io/VirtualService/istio-system/reviews.default.global' \
    'networking.istio.io/VirtualService/istio-system/reviews.default.global.exported' \
    'rbac.authorization.k8s.io/ClusterRole//meshinfra-doctor' \
    'rbac.authorization.k8s.io/ClusterRoleBinding//meshinfra-doctor' \
    'security.istio.io/PeerAuthentication/default/default-strict' \
    'security.istio.io/PeerAuthentication/istio-system/default'
  )"
  kubectl --context kind-cluster1 get authorizationpolicy.security.istio.io,clusterrole.rbac.authorization.k8s.io,clusterrolebinding.rbac.authorization.k8s.io,deployment.apps,destinationrule.networking.istio.io,envoyfilter.networking.istio.io,gateway.networking.istio.io,peerauthentication.security.istio.io,proxyconfig.networking.istio.io,requestauthentication.security.istio.io,service,serviceaccount,serviceentry.networking.istio.io,sidecar.networking.istio.io,telemetry.telemetry.istio.io,virtualservice.networking.istio.io,wasmplugin.extensions.istio.io,workloadentry.networking.istio.io,workloadgroup.networking.istio.io --all-namespaces -l "$selector" \
    -o jsonpath='{range .items[*]}{.apiVersion}{"|"}{.kind}{"|"}{.metadata.namespace}{"|"}{.metadata.name}{"\n"}{end}' |
  while IFS='|' read -r api kind namespace name; do
    group=""; [[ "$api" == */* ]] && group="${api%/*}"
    if ! printf '%s\n' "$rendered" | grep -xF "$group/$kind/$namespace/$name" >/dev/null; then
      echo "apply.sh: deleting $kind $namespace/$name: this stack no longer renders it" >&2
      kubectl --context kind-cluster1 delete "$kind${group:+.$group}" "$name" ${namespace:+--namespace "$namespace"} --ignore-not-found
    fi
  done
  kubectl --context kind-cluster1 get namespaces -l "$selector" -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}' |
  while read -r namespace; do
    if ! printf '%s\n' "$rendered" | grep -xF "/Namespace//$namespace" >/dev/null; then
      echo "apply.sh: namespace $namespace is no longer rendered and is kept (it may hold other workloads); delete it yourself when it is empty" >&2
    fi
  done
  # Releases, in order: gateways, then istiod.
  while read -r namespace release; do
    [[ -n "$release" ]] || continue
    echo "apply.sh: uninstalling Helm release $namespace/$release, which the stack no longer has" >&2
    helm uninstall "$release" --namespace "$namespace" --kube-context kind-cluster1 --wait
  done < <(printf '%s' "$gone")
fi

# The CoreDNS step above is manual; it is repeated here so it is the last thing printed.
printf '%s\n' >&2 \
  'REMINDER (CoreDNS): splice MeshInfra'\''s global block into key Corefile of ConfigMap kube-system/coredns, see above.' \
  'Without an editor:' \
  '  kubectl --context kind-cluster1 -n kube-system get configmap coredns -o jsonpath='\''{.data.Corefile}'\'' > Corefile' \
  '  meshinfra coredns splice Pulumi.dev.yaml --cluster cluster1 --corefile Corefile' \
  '  kubectl --context kind-cluster1 -n kube-system create configmap coredns --from-file=Corefile=Corefile --dry-run=client -o yaml | kubectl --context kind-cluster1 apply -f -'
