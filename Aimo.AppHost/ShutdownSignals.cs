using System.Runtime.InteropServices;

namespace Aimo.AppHost;

/// <summary>
/// Makes Ctrl+C (SIGINT) stop the AppHost wherever it was started from.
/// <para>
/// A shell without job control starts background commands (<c>./run.sh &amp;</c> in a script, CI steps, many
/// supervisors) with SIGINT set to "ignore", and a process inherits that. .NET respects an inherited ignore: it
/// installs no handler, so neither the host's Ctrl+C handling nor <c>PosixSignalRegistration</c> ever sees the
/// signal, and the AppHost — with Redis, PostgreSQL and every service under it — keeps running until SIGTERM.
/// Restoring the default disposition before the host starts lets .NET install its handler, so SIGINT shuts down
/// gracefully like SIGTERM does.
/// </para>
/// </summary>
internal static class ShutdownSignals
{
    private const int SigInt = 2;
    private static readonly IntPtr DefaultDisposition = IntPtr.Zero;

    public static void HonourInterrupt()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            Signal(SigInt, DefaultDisposition);
        }
    }

    // DllImport, not LibraryImport: the signature is blittable, and LibraryImport would need unsafe code for the AppHost.
    [DllImport("libc", EntryPoint = "signal")]
    private static extern IntPtr Signal(int signal, IntPtr handler);
}
