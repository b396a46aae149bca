using System.Text.Json.Nodes;
using Aimo.Core;
using static Aimo.Deployment.Tests.ManifestAssertions;

namespace Aimo.Deployment.Tests;

/// <summary>The manifest azd deploys when no LLM is configured: every service, the simulator included.</summary>
public sealed class SimulatorManifestTests
{
    private static Task<PublishedManifest> Manifest() => PublishedManifest.ForAsync();

    public static TheoryData<string, string> Services => new()
    {
        { ResourceNames.Migrations, "Aimo.MigrationService" },
        { ResourceNames.Ingest, "Aimo.Ingest.Api" },
        { ResourceNames.Worker, "Aimo.Worker" },
        { ResourceNames.Admin, "Aimo.Admin" },
        { ResourceNames.LlmSimulator, "Aimo.LlmSimulator" },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_service_is_a_project_resource_built_from_its_project(string name, string project)
    {
        var manifest = await Manifest();
        var service = manifest.Resource(name);

        Assert.Contains(service.Type(), ProjectTypes);
        Assert.Equal(Path.Combine(TestPaths.RepositoryRoot, "src", project, $"{project}.csproj"), manifest.ProjectPath(service));
    }

    [Fact]
    public async Task Only_ingest_and_admin_are_reachable_from_outside()
    {
        var manifest = await Manifest();

        var external = manifest.All
            .Where(r => r.Resource.Bindings().Any(b => b.Binding.IsExternal()))
            .Select(r => r.Name).Order();

        Assert.Equal([ResourceNames.Admin, ResourceNames.Ingest], external);
        Assert.All((string[])[ResourceNames.Ingest, ResourceNames.Admin],
            name => Assert.Contains(manifest.Resource(name).Bindings(), b => b.Name == "http" && b.Binding.IsExternal()));
    }

    [Fact]
    public async Task Worker_and_simulator_serve_http_inside_the_environment_only()
    {
        var manifest = await Manifest();

        foreach (var name in (string[])[ResourceNames.Worker, ResourceNames.LlmSimulator])
        {
            var bindings = manifest.Resource(name).Bindings().ToList();
            Assert.Contains(bindings, b => b.Name == "http");
            Assert.DoesNotContain(bindings, b => b.Binding.IsExternal());
        }
    }

    [Fact]
    public async Task Nothing_runs_as_a_local_process()
    {
        var manifest = await Manifest();

        Assert.DoesNotContain(manifest.All, r => r.Resource.Type().StartsWith("executable", StringComparison.Ordinal));
        Assert.All(manifest.All, r => Assert.DoesNotContain("setpriv", r.Resource.ToJsonString()));
    }

    [Theory]
    [InlineData(ResourceNames.Redis, "/data", "aimo-redis-data")]
    [InlineData(ResourceNames.Postgres, "/var/lib/postgresql", "aimo-postgres-data")]
    public async Task Redis_and_postgres_are_containers_with_a_volume_named_independently_of_the_clone(
        string name, string target, string volume)
    {
        var resource = (await Manifest()).Resource(name);

        Assert.Contains(resource.Type(), ContainerTypes);
        var mount = Assert.Single(resource["volumes"]!.AsArray())!.AsObject();
        Assert.Equal(volume, mount["name"]!.GetValue<string>());
        Assert.Equal(target, mount["target"]!.GetValue<string>());
        Assert.False(mount["readOnly"]?.GetValue<bool>() ?? false);
    }

    [Fact]
    public async Task Redis_keeps_an_append_only_file_fsynced_every_second_on_its_volume()
    {
        var redis = (await Manifest()).Resource(ResourceNames.Redis);
        var command = string.Join(' ', redis["args"]!.AsArray().Select(a => a!.GetValue<string>()));

        // A restarted container loses at most a second of accepted signatures, not the minute between snapshots.
        Assert.Contains("--appendonly yes", command);
        Assert.Contains("--appendfsync everysec", command);
        Assert.Contains("--save", command);
    }

    [Fact]
    public async Task The_database_lives_on_the_postgres_container()
    {
        var database = (await Manifest()).Resource(ResourceNames.Database);

        Assert.StartsWith($"{{{ResourceNames.Postgres}.connectionString}}", database["connectionString"]!.GetValue<string>());
        Assert.Contains($"Database={ResourceNames.Database}", database["connectionString"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(ResourceNames.Ingest, true)]
    [InlineData(ResourceNames.Worker, true)]
    [InlineData(ResourceNames.Admin, true)]
    [InlineData(ResourceNames.Migrations, false)]
    public async Task Connection_strings_reach_their_consumers(string name, bool usesRedis)
    {
        var service = (await Manifest()).Resource(name);

        Assert.Equal($"{{{ResourceNames.Database}.connectionString}}", service.Env($"ConnectionStrings__{ResourceNames.Database}"));
        Assert.Equal(usesRedis ? $"{{{ResourceNames.Redis}.connectionString}}" : null, service.Env($"ConnectionStrings__{ResourceNames.Redis}"));
    }

    [Fact]
    public async Task The_worker_calls_the_simulator_through_the_llm_connection_string()
    {
        var manifest = await Manifest();

        Assert.Null(manifest.Resources[ResourceNames.Llm]);
        var llm = manifest.Resource(ResourceNames.Worker).Env($"ConnectionStrings__{ResourceNames.Llm}");
        Assert.NotNull(llm);
        Assert.StartsWith($"Endpoint={{{ResourceNames.LlmSimulator}.bindings.http.url}}/v1;", llm);
    }

    [Theory]
    [InlineData(ResourceNames.IngestApiKey, ResourceNames.Ingest, "ApiKeys__Ingest")]
    [InlineData(ResourceNames.OperatorApiKey, ResourceNames.Ingest, "ApiKeys__Operator")]
    [InlineData(ResourceNames.AdminOperators, ResourceNames.Admin, "Admin__Operators")]
    public async Task Operator_secrets_are_secret_parameters_handed_to_their_service(string parameter, string service, string variable)
    {
        var manifest = await Manifest();

        AssertSecretParameter(manifest.Resource(parameter), parameter);
        Assert.Equal($"{{{parameter}.value}}", manifest.Resource(service).Env(variable));
    }

    [Fact]
    public async Task Every_password_is_a_secret_parameter()
    {
        var manifest = await Manifest();

        var parameters = manifest.All.Where(r => r.Resource.Type() == "parameter.v0").ToList();
        Assert.Contains(parameters, p => p.Name == "postgres-password");
        Assert.Contains(parameters, p => p.Name == "redis-password");
        Assert.All(parameters.Where(p => p.Name.Contains("password") || p.Name.Contains("key") || p.Name == ResourceNames.AdminOperators),
            p => Assert.True(p.Resource["inputs"]!["value"]!["secret"]!.GetValue<bool>(), $"'{p.Name}' is not secret."));
    }

    [Fact]
    public async Task Local_parameter_values_never_reach_the_manifest()
    {
        var manifest = await Manifest();
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.AppHostDirectory, "appsettings.Development.json")))!;

        var localValues = settings["Parameters"]!.AsObject().Select(p => p.Value!.GetValue<string>()).ToList();

        Assert.NotEmpty(localValues);
        Assert.All(localValues, value => Assert.DoesNotContain(value, manifest.Text));
    }

    [Fact]
    public async Task Services_get_no_fixed_ports()
    {
        var manifest = await Manifest();

        Assert.All(manifest.All.Where(r => ProjectTypes.Contains(r.Resource.Type())), r =>
            Assert.All(r.Resource.Bindings(), b =>
            {
                Assert.Null(b.Binding["port"]);
                Assert.Null(b.Binding["targetPort"]);
            }));
        // A container's targetPort is the port inside it; a host port would be a fixed public one.
        Assert.All(manifest.All.Where(r => ContainerTypes.Contains(r.Resource.Type())), r =>
            Assert.All(r.Resource.Bindings(), b => Assert.Null(b.Binding["port"])));
    }

    [Fact]
    public async Task Publishing_leaves_the_machine_alone()
    {
        var manifest = await Manifest();

        Assert.False(Directory.Exists(manifest.StateDirectory), "Publishing created the process-mode state folder.");
    }

    [Fact]
    public async Task Asking_for_processes_still_publishes_containers()
    {
        var manifest = await PublishedManifest.ForAsync("--Aimo:Infrastructure=processes");

        Assert.Contains(manifest.Resource(ResourceNames.Redis).Type(), ContainerTypes);
        Assert.Contains(manifest.Resource(ResourceNames.Postgres).Type(), ContainerTypes);
        Assert.DoesNotContain(manifest.All, r => r.Resource.Type().StartsWith("executable", StringComparison.Ordinal));
        Assert.False(Directory.Exists(manifest.StateDirectory));
    }
}
