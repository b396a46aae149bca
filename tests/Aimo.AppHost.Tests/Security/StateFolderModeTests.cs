namespace Aimo.AppHost.Tests.Security;

/// <summary>Processes mode: the data and secrets the AppHost keeps on disk are its owner's alone.</summary>
[Collection(StackCollection.Name)]
public sealed class StateFolderModeTests(StackFixture fixture)
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Theory]
    [InlineData("redis")]
    [InlineData("postgres")]
    [InlineData("secrets")]
    public void Data_and_secret_folders_are_0700(string folder) =>
        Assert.Equal(Folder, File.GetUnixFileMode(Path.Combine(fixture.Stack.StateDirectory, folder)));

    [Fact]
    public void Every_secret_file_is_0600()
    {
        var files = Directory.GetFiles(Path.Combine(fixture.Stack.StateDirectory, "secrets"));
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.True(File.GetUnixFileMode(file) == File600, $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}"));
    }
}
