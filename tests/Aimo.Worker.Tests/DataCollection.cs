namespace Aimo.Worker.Tests;

/// <summary>A real redis-server and PostgreSQL (migrated) shared by the worker's storage tests.</summary>
[CollectionDefinition(Name)]
public sealed class DataCollection : ICollectionFixture<DataFixture>
{
    public const string Name = "worker-data";
}
