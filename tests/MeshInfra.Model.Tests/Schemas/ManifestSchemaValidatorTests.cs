using System.Diagnostics;
using System.Text.Json.Nodes;

using MeshInfra.Schemas;

namespace MeshInfra.Model.Tests.Schemas;

public sealed class ManifestSchemaValidatorTests
{
    private static ManifestSchemaValidator Validator => ManifestSchemaValidator.Shared;

    private static readonly string[] Samples =
    [
        "istio-1.30.3/samples/multicluster/expose-services.yaml",
        "istio-1.30.3/samples/multicluster/expose-istiod.yaml",
        "istio-1.30.3/samples/bookinfo/networking/bookinfo-gateway.yaml",
        "istio-1.30.3/samples/httpbin/httpbin.yaml",
        "istio-1.30.3/samples/curl/curl.yaml",
        "istio-1.30.3/samples/bookinfo/platform/kube/bookinfo.yaml",
    ];

    public static TheoryData<string> UpstreamSamples => new(Samples);

    [Theory]
    [MemberData(nameof(UpstreamSamples))]
    public void UpstreamSamplesValidateClean(string sample)
    {
        var manifests = SchemaData.LoadManifests(sample);

        Assert.NotEmpty(manifests);
        Assert.All(manifests, m => Assert.Empty(Validator.Validate(m)));
    }

    [Fact]
    public void SamplesCoverTheKindsThePlanEmits()
    {
        var kinds = Samples
            .SelectMany(SchemaData.LoadManifests)
            .Select(m => $"{m["apiVersion"]} {m["kind"]}")
            .ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "networking.istio.io/v1 Gateway",
                "networking.istio.io/v1 VirtualService",
                "v1 Service",
                "v1 ServiceAccount",
                "apps/v1 Deployment",
            },
            kinds);
    }

    [Fact]
    public void SupportsTheCoreAppsAndIstioKinds()
    {
        var supported = Validator.SupportedKinds.ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "v1 Namespace", "v1 Secret", "v1 ConfigMap", "v1 Service", "v1 ServiceAccount", "apps/v1 Deployment",
                "networking.istio.io/v1 Gateway", "networking.istio.io/v1 VirtualService",
                "networking.istio.io/v1 DestinationRule", "networking.istio.io/v1 ServiceEntry",
                "networking.istio.io/v1alpha3 EnvoyFilter", "networking.istio.io/v1beta1 Sidecar",
                "security.istio.io/v1 PeerAuthentication", "security.istio.io/v1 AuthorizationPolicy",
                "telemetry.istio.io/v1alpha1 Telemetry",
            },
            supported);
        Assert.DoesNotContain("admission.k8s.io/v1 DeleteOptions", supported);
    }

    [Fact]
    public void ServiceEntryIsValid()
    {
        Assert.Empty(Validator.Validate(ServiceEntry()));
    }

    [Fact]
    public void UnknownFieldInServiceEntrySpecIsNamedWithItsPath()
    {
        var manifest = ServiceEntry();
        manifest["spec"]!["bogus"] = true;

        Assert.Equal(["ServiceEntry/external-api: $.spec.bogus: unknown field"], Validator.Validate(manifest));
    }

    [Fact]
    public void UnknownFieldDeepInsideAListItemIsNamedWithItsPath()
    {
        var manifest = ServiceEntry();
        manifest["spec"]!["ports"]![0]!["targetport"] = 8443;

        Assert.Equal(["ServiceEntry/external-api: $.spec.ports[0].targetport: unknown field"], Validator.Validate(manifest));
    }

    [Fact]
    public void PortNumberAsStringIsAWrongType()
    {
        var manifest = ServiceEntry();
        manifest["spec"]!["ports"]![0]!["number"] = "443";

        Assert.Equal(["ServiceEntry/external-api: $.spec.ports[0].number: expected integer, got string"], Validator.Validate(manifest));
    }

    [Fact]
    public void MissingRequiredFieldIsReported()
    {
        var manifest = ServiceEntry();
        manifest["spec"]!.AsObject().Remove("hosts");
        manifest["spec"]!["ports"]![0]!.AsObject().Remove("name");

        Assert.Equal(
            [
                "ServiceEntry/external-api: $.spec.hosts: required field is missing",
                "ServiceEntry/external-api: $.spec.ports[0].name: required field is missing",
            ],
            Validator.Validate(manifest));
    }

    [Fact]
    public void EnumValueOutsideTheListIsReported()
    {
        var manifest = ServiceEntry();
        manifest["spec"]!["resolution"] = "DNS_ROUNDROBIN";

        Assert.Equal(
            ["ServiceEntry/external-api: $.spec.resolution: value \"DNS_ROUNDROBIN\" is not one of [NONE, STATIC, DNS, DNS_ROUND_ROBIN, DYNAMIC_DNS]"],
            Validator.Validate(manifest));
    }

    [Fact]
    public void DuplicateListMapKeyIsReported()
    {
        var manifest = ServiceEntry();
        manifest["spec"]!["ports"]!.AsArray().Add(new JsonObject { ["number"] = 8443, ["name"] = "https", ["protocol"] = "TLS" });

        Assert.Equal(
            ["ServiceEntry/external-api: $.spec.ports[1]: duplicate entry for key (name=\"https\"), first at [0]"],
            Validator.Validate(manifest));
    }

    [Fact]
    public void DestinationRuleWithIstioMutualAndSubsetsIsValid()
    {
        var manifest = Parse("""
            {
              "apiVersion": "networking.istio.io/v1",
              "kind": "DestinationRule",
              "metadata": { "name": "reviews", "namespace": "bookinfo", "labels": { "app.kubernetes.io/managed-by": "pulumi" } },
              "spec": {
                "host": "reviews.bookinfo.svc.cluster.local",
                "trafficPolicy": {
                  "tls": { "mode": "ISTIO_MUTUAL" },
                  "loadBalancer": { "simple": "ROUND_ROBIN" },
                  "outlierDetection": { "consecutive5xxErrors": 5, "interval": "10s", "baseEjectionTime": "30s" }
                },
                "subsets": [
                  { "name": "v1", "labels": { "version": "v1" } },
                  { "name": "v2", "labels": { "version": "v2" }, "trafficPolicy": { "tls": { "mode": "ISTIO_MUTUAL" } } }
                ]
              }
            }
            """);

        Assert.Empty(Validator.Validate(manifest));
    }

    [Fact]
    public void DestinationRuleTlsModeMustBeKnown()
    {
        var manifest = DestinationRule(new JsonObject { ["tls"] = new JsonObject { ["mode"] = "ISTIO_MTLS" } });

        Assert.Equal(
            ["DestinationRule/reviews: $.spec.trafficPolicy.tls.mode: value \"ISTIO_MTLS\" is not one of [DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL]"],
            Validator.Validate(manifest));
    }

    [Fact]
    public void IstioOneofFieldsAreMutuallyExclusive()
    {
        var manifest = DestinationRule(new JsonObject
        {
            ["loadBalancer"] = new JsonObject
            {
                ["simple"] = "ROUND_ROBIN",
                ["consistentHash"] = new JsonObject { ["useSourceIp"] = true },
            },
        });

        Assert.Equal(
            ["DestinationRule/reviews: $.spec.trafficPolicy.loadBalancer: at most one of simple, consistentHash may be set (found simple, consistentHash)"],
            Validator.Validate(manifest));
    }

    [Fact]
    public void IstioOneofInsideAllOfIsChecked()
    {
        var manifest = DestinationRule(new JsonObject
        {
            ["loadBalancer"] = new JsonObject
            {
                ["consistentHash"] = new JsonObject { ["useSourceIp"] = true, ["httpHeaderName"] = "x-user" },
            },
        });

        Assert.Equal(
            ["DestinationRule/reviews: $.spec.trafficPolicy.loadBalancer.consistentHash: at most one of httpHeaderName, httpCookie, useSourceIp, httpQueryParameterName may be set (found httpHeaderName, useSourceIp)"],
            Validator.Validate(manifest));
    }

    [Fact]
    public void CrdMetadataIsValidatedAsObjectMeta()
    {
        var manifest = ServiceEntry();
        manifest["metadata"]!["labelz"] = new JsonObject();
        manifest["metadata"]!["labels"] = new JsonObject { ["version"] = 2 };

        Assert.Equal(
            [
                "ServiceEntry/external-api: $.metadata.labelz: unknown field",
                "ServiceEntry/external-api: $.metadata.labels.version: expected string, got integer",
            ],
            Validator.Validate(manifest));
    }

    [Fact]
    public void CrdStatusPreservesUnknownFields()
    {
        var manifest = ServiceEntry();
        manifest["status"] = new JsonObject { ["anything"] = new JsonObject { ["goes"] = 1 } };

        Assert.Empty(Validator.Validate(manifest));
    }

    [Fact]
    public void UnknownKindIsAnError()
    {
        var manifest = Parse("""{ "apiVersion": "example.com/v1", "kind": "Widget", "metadata": { "name": "w" } }""");

        Assert.Equal(["Widget/w: $: no schema for apiVersion example.com/v1 kind Widget"], Validator.Validate(manifest));
    }

    [Fact]
    public void KnownKindAtAnUnservedVersionIsAnError()
    {
        var manifest = Parse("""{ "apiVersion": "networking.istio.io/v2", "kind": "Gateway", "metadata": { "name": "g" }, "spec": {} }""");

        Assert.Equal(
            ["Gateway/g: $: apiVersion networking.istio.io/v2 is not served for Gateway (served: networking.istio.io/v1, networking.istio.io/v1alpha3, networking.istio.io/v1beta1)"],
            Validator.Validate(manifest));
    }

    [Fact]
    public void CoreKindUnderTheWrongGroupIsAnError()
    {
        var manifest = Parse("""{ "apiVersion": "apps/v1", "kind": "Secret", "metadata": { "name": "s" } }""");

        Assert.Equal(["Secret/s: $: no schema for apiVersion apps/v1 kind Secret"], Validator.Validate(manifest));
    }

    [Fact]
    public void MissingKindIsAnError()
    {
        var manifest = Parse("""{ "apiVersion": "v1", "metadata": { "name": "x" } }""");

        Assert.Equal(["<no kind>/x: $: apiVersion and kind must both be strings"], Validator.Validate(manifest));
    }

    [Fact]
    public void NullIsOnlyAcceptedWhereNullable()
    {
        var manifest = ServiceEntry();
        manifest["spec"]!["resolution"] = null;

        Assert.Equal(["ServiceEntry/external-api: $.spec.resolution: expected string, got null"], Validator.Validate(manifest));
    }

    [Fact]
    public void OlderServedIstioVersionsValidateToo()
    {
        var manifest = ServiceEntry();
        manifest["apiVersion"] = "networking.istio.io/v1beta1";

        Assert.Empty(Validator.Validate(manifest));
    }

    [Fact]
    public void ManyManifestsValidateQuicklyAndConcurrently()
    {
        _ = Validator.Validate(ServiceEntry());
        var manifests = Enumerable.Range(0, 3000)
            .Select(i => (i % 3) switch { 0 => ServiceEntry(), 1 => CoreKindSchemaTests.Service(i), _ => CoreKindSchemaTests.Deployment(new JsonObject { ["cpu"] = "1" }, new JsonObject()) })
            .ToList();

        var clock = Stopwatch.StartNew();
        var errors = manifests.AsParallel().SelectMany(Validator.Validate).ToList();
        clock.Stop();

        Assert.Empty(errors);
        // Generous bound for a loaded 2-core CI machine; a healthy run takes well under a second.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"validating 3000 manifests took {clock.Elapsed}");
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject ServiceEntry() => Parse("""
        {
          "apiVersion": "networking.istio.io/v1",
          "kind": "ServiceEntry",
          "metadata": { "name": "external-api", "namespace": "default" },
          "spec": {
            "hosts": [ "api.example.com" ],
            "location": "MESH_EXTERNAL",
            "resolution": "DNS",
            "ports": [ { "number": 443, "name": "https", "protocol": "TLS" } ]
          }
        }
        """);

    private static JsonObject DestinationRule(JsonObject trafficPolicy) => new()
    {
        ["apiVersion"] = "networking.istio.io/v1",
        ["kind"] = "DestinationRule",
        ["metadata"] = new JsonObject { ["name"] = "reviews" },
        ["spec"] = new JsonObject { ["host"] = "reviews", ["trafficPolicy"] = trafficPolicy },
    };
}
