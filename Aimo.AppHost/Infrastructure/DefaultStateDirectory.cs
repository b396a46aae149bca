namespace Aimo.AppHost.Infrastructure;

/// <summary>
/// Where processes mode keeps its data when <c>Aimo:StateDirectory</c> is not set. Normally <c>Aimo.AppHost/.aimo</c>
/// in the checkout. As root, PostgreSQL runs as the <c>postgres</c> user, which cannot pass through a private folder
/// such as <c>/root</c> (where a newcomer's checkout usually is), so root gets <see cref="ForRoot"/> instead, unless
/// the checkout already holds a database from an earlier run (its data stays where it is).
/// </summary>
public static class DefaultStateDirectory
{
    public const string ForRoot = "/var/lib/aimo";

    public static string Choose(string appHostDirectory, bool runningAsRoot)
    {
        var inCheckout = Path.Combine(appHostDirectory, ".aimo");
        if (!runningAsRoot || File.Exists(Path.Combine(inCheckout, "postgres", "data", "PG_VERSION")))
        {
            return inCheckout;
        }
        return ForRoot;
    }
}
