using System.Diagnostics;
using Aimo.Core;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// SIGKILL of PostgreSQL's postmaster alone, as in a crash: its backends are orphaned and exit when they notice, and the
/// next start must recover (crash recovery from the WAL) once they are gone.
/// </summary>
public sealed class PostgresFaults(AimoStack stack)
{
    public static readonly TimeSpan RestartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Returns the start's tries (more than one "started": the first start was refused).</summary>
    public async Task<IReadOnlyList<string>> KillPostmasterAsync(FaultStep fault, CancellationToken cancellationToken)
    {
        var pid = stack.PidOf(ResourceNames.Postgres) ?? throw new InvalidOperationException("PostgreSQL has no process to kill");
        using (var postmaster = Process.GetProcessById(pid))
        {
            postmaster.Kill(entireProcessTree: false);
        }
        using (var ended = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await stack.WaitForAsync(ResourceNames.Postgres, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), ended.Token);
        }
        await Task.Delay(fault.Duration, cancellationToken);
        return await stack.StartUntilHealthyAsync(ResourceNames.Postgres, RestartTimeout);
    }
}
