using System.Text.Json.Nodes;

using MeshInfra.Schemas;

namespace MeshInfra.Model.Tests.Schemas;

/// <summary>The Kubernetes core kinds the plan emits (Secret, Namespace, ConfigMap, Service, Deployment) against their OpenAPI schemas.</summary>
public sealed class CoreKindSchemaTests
{
    private static ManifestSchemaValidator Validator => ManifestSchemaValidator.Shared;

    [Fact]
    public void SecretIsValid()
    {
        Assert.Empty(Validator.Validate(Secret()));
    }

    [Fact]
    public void SecretWithUnknownTopLevelFieldIsReported()
    {
        var manifest = Secret();
        manifest["stringdata"] = new JsonObject { ["a"] = "b" };

        Assert.Equal(["Secret/cacerts: $.stringdata: unknown field"], Validator.Validate(manifest));
    }

    [Fact]
    public void SecretDataMustBeBase64()
    {
        var manifest = Secret();
        manifest["data"]!["root-cert.pem"] = "-----BEGIN CERTIFICATE-----";

        Assert.Equal(
            ["Secret/cacerts: $.data['root-cert.pem']: \"-----BEGIN CERTIFICATE-----\" is not base64"],
            Validator.Validate(manifest));
    }

    [Fact]
    public void NamespaceAndConfigMapValidate()
    {
        var ns = Parse("""{ "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "istio-system", "labels": { "topology.istio.io/network": "network1" } } }""");
        var configMap = Parse("""{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "coredns", "namespace": "kube-system" }, "data": { "Corefile": ".:53 {}" } }""");

        Assert.Empty(Validator.Validate(ns));
        Assert.Empty(Validator.Validate(configMap));
    }

    [Fact]
    public void ConfigMapDataValuesMustBeStrings()
    {
        var configMap = Parse("""{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "c" }, "data": { "port": 53 } }""");

        Assert.Equal(["ConfigMap/c: $.data.port: expected string, got integer"], Validator.Validate(configMap));
    }

    [Fact]
    public void ServiceTargetPortIsIntOrString()
    {
        Assert.Empty(Validator.Validate(Service(8080)));
        Assert.Empty(Validator.Validate(Service("http")));
        Assert.Equal(
            ["Service/httpbin: $.spec.ports[0].targetPort: expected string or integer, got boolean"],
            Validator.Validate(Service(true)));
    }

    [Fact]
    public void ServicePortIsInt32()
    {
        var service = Service(8080);
        service["spec"]!["ports"]![0]!["port"] = 80.5;

        Assert.Equal(["Service/httpbin: $.spec.ports[0].port: expected integer, got number"], Validator.Validate(service));
    }

    [Fact]
    public void DeploymentResourceQuantitiesAcceptStringsAndNumbers()
    {
        var good = Deployment(new JsonObject { ["cpu"] = "100m", ["memory"] = "128Mi" }, new JsonObject { ["cpu"] = 2 });
        var bad = Deployment(new JsonObject { ["cpu"] = "100 m" }, new JsonObject { ["memory"] = true });

        Assert.Empty(Validator.Validate(good));
        Assert.Equal(
            [
                "Deployment/httpbin: $.spec.template.spec.containers[0].resources.requests.cpu: \"100 m\" is not a Kubernetes quantity (e.g. 100m, 128Mi, 1.5)",
                "Deployment/httpbin: $.spec.template.spec.containers[0].resources.limits.memory: expected string or number, got boolean",
            ],
            Validator.Validate(bad));
    }

    [Fact]
    public void DeploymentUnknownFieldInPodTemplateIsReported()
    {
        var deployment = Deployment(new JsonObject(), new JsonObject());
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["imagePullPolcy"] = "Always";

        Assert.Equal(
            ["Deployment/httpbin: $.spec.template.spec.containers[0].imagePullPolcy: unknown field"],
            Validator.Validate(deployment));
    }

    private static JsonObject Secret() => Parse("""
        {
          "apiVersion": "v1",
          "kind": "Secret",
          "metadata": { "name": "cacerts", "namespace": "istio-system" },
          "type": "Opaque",
          "data": { "root-cert.pem": "LS0tLS1CRUdJTg==" },
          "stringData": { "note": "plain text" }
        }
        """);

    // Built in code rather than parsed, so the values are CLR-backed as in the plan's output.
    internal static JsonObject Service(JsonNode? targetPort) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = "httpbin", ["namespace"] = "default" },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["app"] = "httpbin" },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 8000, ["targetPort"] = targetPort }),
        },
    };

    internal static JsonObject Deployment(JsonObject requests, JsonObject limits) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = "httpbin" },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "httpbin" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "httpbin" } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "httpbin",
                        ["image"] = "docker.io/mccutchen/go-httpbin:v2.15.0",
                        ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 }),
                        ["resources"] = new JsonObject { ["requests"] = requests, ["limits"] = limits },
                    }),
                },
            },
        },
    };

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
