using System.Diagnostics;
using System.Globalization;

namespace Aimo.Testing;

/// <summary>
/// Signals to a process and its descendants (read from <c>/proc</c>), for fault injection: a service may run under a
/// host process (<c>dotnet run</c>, <c>setpriv</c>), so pausing only the process the AppHost started would leave the
/// real one running.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class ProcessTree
{
    /// <summary><paramref name="root"/> and every live descendant, parents before children.</summary>
    public static IReadOnlyList<int> Of(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var (pid, parent) in Parents())
        {
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }
            list.Add(pid);
        }
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(children.GetValueOrDefault(tree[i]) ?? []);
        }
        return tree;
    }

    /// <summary>SIGSTOP to the tree, parents first (a parent never sees its child stop while it still runs). Returns the pids stopped.</summary>
    public static async Task<IReadOnlyList<int>> StopAsync(int root)
    {
        var tree = Of(root);
        await SignalAsync("STOP", tree);
        return tree;
    }

    /// <summary>SIGCONT to exactly the pids <see cref="StopAsync"/> stopped, children first.</summary>
    public static Task ContinueAsync(IReadOnlyList<int> stopped) => SignalAsync("CONT", [.. stopped.Reverse()]);

    /// <summary>One <c>kill -SIG pid...</c>; pids that are already gone are ignored (kill reports them and goes on).</summary>
    public static async Task SignalAsync(string signal, IReadOnlyList<int> pids)
    {
        if (pids.Count == 0)
        {
            return;
        }
        var start = new ProcessStartInfo("kill") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-" + signal);
        foreach (var pid in pids)
        {
            start.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        }
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("could not run kill");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await kill.WaitForExitAsync(timeout.Token);
    }

    private static IEnumerable<(int Pid, int Parent)> Parents()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
            {
                yield return (pid, parent);
            }
        }
    }
}
