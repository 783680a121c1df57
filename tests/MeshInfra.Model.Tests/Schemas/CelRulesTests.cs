using System.Text.Json.Nodes;

using MeshInfra.Schemas;

namespace MeshInfra.Model.Tests.Schemas;

public sealed class CelRulesTests
{
    private static ManifestSchemaValidator Validator => ManifestSchemaValidator.Shared;

    [Fact]
    public void PortOutsideTheRangeBreaksTheCrdRule()
    {
        var manifest = ServiceEntry();
        manifest["spec"]!["ports"]![0]!["number"] = 70000;

        Assert.Equal(["ServiceEntry/db: $.spec.ports[0].number: port must be between 1-65535"], Validator.Validate(manifest));
    }

    [Fact]
    public void DuplicatePortNumbersBreakTheCrdRule()
    {
        var manifest = ServiceEntry();
        manifest["spec"]!["ports"]!.AsArray().Add(new JsonObject { ["number"] = 5432, ["name"] = "postgres-2", ["protocol"] = "TCP" });

        Assert.Equal(["ServiceEntry/db: $.spec.ports: port number cannot be duplicated"], Validator.Validate(manifest));
    }

    [Fact]
    public void ServiceEntryResolutionRulesAreChecked()
    {
        var noneWithEndpoints = ServiceEntry();
        noneWithEndpoints["spec"]!["resolution"] = "NONE";
        noneWithEndpoints["spec"]!["endpoints"] = new JsonArray(new JsonObject { ["address"] = "10.0.0.1" });
        var dnsWithCidr = ServiceEntry();
        dnsWithCidr["spec"]!["addresses"] = new JsonArray("10.0.0.0/24");
        var staticWithEndpoints = ServiceEntry();
        staticWithEndpoints["spec"]!["resolution"] = "STATIC";
        staticWithEndpoints["spec"]!["addresses"] = new JsonArray("10.0.0.0/24");
        staticWithEndpoints["spec"]!["endpoints"] = new JsonArray(new JsonObject { ["address"] = "10.0.0.1" });

        Assert.Equal(["ServiceEntry/db: $.spec: NONE mode cannot set endpoints"], Validator.Validate(noneWithEndpoints));
        Assert.Equal(["ServiceEntry/db: $.spec: CIDR addresses are allowed only for NONE/STATIC resolution types"], Validator.Validate(dnsWithCidr));
        Assert.Empty(Validator.Validate(staticWithEndpoints));
    }

    [Theory]
    [InlineData("10s", true)]
    [InlineData("1h30m", true)]
    [InlineData("1.5s", true)]
    [InlineData("1ms", true)]
    [InlineData("500us", false)]
    [InlineData("10", false)]
    [InlineData("10 s", false)]
    [InlineData("PT10S", false)]
    public void DurationsFollowGoSyntaxAndTheCrdMinimum(string connectTimeout, bool valid)
    {
        var manifest = new JsonObject
        {
            ["apiVersion"] = "networking.istio.io/v1",
            ["kind"] = "DestinationRule",
            ["metadata"] = new JsonObject { ["name"] = "db" },
            ["spec"] = new JsonObject
            {
                ["host"] = "db.example.com",
                ["trafficPolicy"] = new JsonObject
                {
                    ["connectionPool"] = new JsonObject { ["tcp"] = new JsonObject { ["connectTimeout"] = connectTimeout } },
                },
            },
        };

        var errors = Validator.Validate(manifest);

        if (valid)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Equal(["DestinationRule/db: $.spec.trafficPolicy.connectionPool.tcp.connectTimeout: must be a valid duration greater than 1ms"], errors);
        }
    }

    [Fact]
    public void SelectorExclusivityAndWildcardsAreChecked()
    {
        var manifest = JsonNode.Parse("""
            {
              "apiVersion": "security.istio.io/v1",
              "kind": "PeerAuthentication",
              "metadata": { "name": "strict" },
              "spec": {
                "selector": { "matchLabels": { "app": "web*" } },
                "mtls": { "mode": "STRICT" },
                "portLevelMtls": { "0": { "mode": "DISABLE" } }
              }
            }
            """)!.AsObject();

        Assert.Equal(
            [
                "PeerAuthentication/strict: $.spec.selector.matchLabels.app: wildcard not allowed in label value match",
                "PeerAuthentication/strict: $.spec.portLevelMtls: port must be between 1-65535",
            ],
            Validator.Validate(manifest));
    }

    [Fact]
    public void PortLevelMtlsNeedsASelector()
    {
        var manifest = JsonNode.Parse("""
            {
              "apiVersion": "security.istio.io/v1",
              "kind": "PeerAuthentication",
              "metadata": { "name": "default", "namespace": "istio-system" },
              "spec": { "mtls": { "mode": "STRICT" }, "portLevelMtls": { "8080": { "mode": "DISABLE" } } }
            }
            """)!.AsObject();

        Assert.Equal(
            ["PeerAuthentication/default: $.spec: portLevelMtls requires selector"],
            Validator.Validate(manifest));
    }

    [Fact]
    public void OnlyTheseIstioRulesAreLeftUnchecked()
    {
        var crds = YamlJson.ParseDocuments(ManifestSchemaValidator.CrdText());

        var unrecognised = crds.SelectMany(CelRules.Unrecognised).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // Pinned so a schema update that brings new rule shapes is noticed. What is left needs CEL's
        // url()/isURL() (WasmPlugin, Telemetry providers) or belongs to EnvoyFilter internals.
        Assert.Equal(
            [
                "((has(self.operation) ? self.operation : \"\") == \"REMOVE\") ? !has(self.value) : true",
                "((has(self.operation) ? self.operation : \"\") == \"UPSERT\") ? (self.value != \"\") : true",
                "has(self.context) ? ((self.context == \"WAYPOINT\") ? has(self.waypoint) : !has(self.waypoint)) : !has(self.waypoint)",
                "isURL(self) ? (url(self).getScheme() in [\"\", \"http\", \"https\", \"file\", \"oci\"]) : (isURL(\"http://\" + self) &&\nurl(\"http://\" + self).getScheme() in [\"\", \"http\", \"https\", \"file\", \"oci\"])",
                "isURL(self) ? (url(self).getScheme() in [\"\", \"http\", \"https\", \"oci\", \"file\"]) : (isURL(\"http://\" + self) &&\nurl(\"http://\" + self).getScheme() in [\"\", \"http\", \"https\", \"oci\", \"file\"])",
                "url(self).getScheme() in [\"http\", \"https\"]",
            ],
            unrecognised);
    }

    private static JsonObject ServiceEntry() => new()
    {
        ["apiVersion"] = "networking.istio.io/v1",
        ["kind"] = "ServiceEntry",
        ["metadata"] = new JsonObject { ["name"] = "db" },
        ["spec"] = new JsonObject
        {
            ["hosts"] = new JsonArray("db.example.com"),
            ["location"] = "MESH_EXTERNAL",
            ["resolution"] = "DNS",
            ["ports"] = new JsonArray(new JsonObject { ["number"] = 5432, ["name"] = "postgres", ["protocol"] = "TCP" }),
        },
    };
}
