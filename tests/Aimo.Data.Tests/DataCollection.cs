namespace Aimo.Data.Tests;

[CollectionDefinition(Name)]
public sealed class DataCollection : ICollectionFixture<DataFixture>
{
    public const string Name = "data";
}
