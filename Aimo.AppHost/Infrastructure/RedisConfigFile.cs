using System.Text;

namespace Aimo.AppHost.Infrastructure;

/// <summary>
/// The settings <c>redis-server</c> must not get on its command line: a command line is readable by every user of
/// the machine (<c>ps</c>, <c>/proc/&lt;pid&gt;/cmdline</c>) and shown in the Aspire dashboard, a file of mode 0600 only
/// by its owner — the user that runs the AppHost and therefore <c>redis-server</c>.
/// </summary>
internal static class RedisConfigFile
{
    public const string FileName = "redis.conf";

    /// <summary>Writes <c>requirepass</c> to <paramref name="path"/>, created (or reset) with mode 0600, and returns the path.</summary>
    public static string Write(string path, string password)
    {
        if (password.Any(c => char.IsWhiteSpace(c) || c is '"' or '\''))
        {
            // redis.conf splits on spaces and unquotes; the generated secrets are hex, so this is a guard, not a case.
            throw new ArgumentException("The Redis password must not contain whitespace or quotes.", nameof(password));
        }
        var unix = !OperatingSystem.IsWindows();
        if (unix && File.Exists(path))
        {
            // An older or hand-made file may be wider open; narrow it before the secret goes in.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (unix)
        {
            // Created 0600 from the first byte: no moment in which the file exists with the umask's mode.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        stream.Write(Encoding.ASCII.GetBytes($"# Written by the AIMO AppHost at every start; secrets only.\nrequirepass {password}\n"));
        return path;
    }
}
