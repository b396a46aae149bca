using Aimo.AppHost.Infrastructure;

namespace Aimo.AppHost.Tests;

/// <summary>A newcomer's <c>./run.sh</c> from a checkout under /root: PostgreSQL (run as 'postgres') must be able to reach the data.</summary>
public sealed class DefaultStateDirectoryTests
{
    [Fact]
    public void A_normal_user_keeps_the_state_in_the_checkout() =>
        Assert.Equal("/home/dev/aimo/Aimo.AppHost/.aimo", DefaultStateDirectory.Choose("/home/dev/aimo/Aimo.AppHost", runningAsRoot: false));

    [Fact]
    public void Root_gets_a_folder_the_postgres_user_can_reach() =>
        Assert.Equal("/var/lib/aimo", DefaultStateDirectory.Choose("/root/aimo/Aimo.AppHost", runningAsRoot: true));

    [Fact]
    public void Root_keeps_a_database_that_already_lives_in_the_checkout()
    {
        var appHost = Directory.CreateTempSubdirectory("aimo-apphost-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(appHost, ".aimo", "postgres", "data"));
            File.WriteAllText(Path.Combine(appHost, ".aimo", "postgres", "data", "PG_VERSION"), "15");
            Assert.Equal(Path.Combine(appHost, ".aimo"), DefaultStateDirectory.Choose(appHost, runningAsRoot: true));
        }
        finally
        {
            Directory.Delete(appHost, recursive: true);
        }
    }
}
