namespace Aimo.Admin.BrowserTests;

/// <summary>
/// Which Chromium the browser tests drive: <c>AIMO_CHROMIUM</c> when set (a path to the executable), else the first of
/// <c>chromium</c>, <c>chromium-browser</c>, <c>google-chrome</c> on PATH. Playwright's own download cannot work
/// offline, so a machine without one fails here with what to do.
/// </summary>
public static class Chromium
{
    public const string Variable = "AIMO_CHROMIUM";
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    public static string Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{Variable} is set to '{configured}', which does not exist.");
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => Names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException(
            $"No Chromium found: install it (Debian/Ubuntu: apt-get install -y chromium; scripts/prerequisites.sh --browser does it as root), " +
            $"put it on PATH, or set {Variable} to its path. To run the other test projects without it: ./test.sh --no-browser.");
    }
}
