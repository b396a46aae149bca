using System.Security.Cryptography;
using System.Text;
using Aimo.Data;

namespace Aimo.AppHost.Infrastructure;

/// <summary>
/// The settings <c>redis-server</c> must not get on its command line: a command line is readable by every user of
/// the machine (<c>ps</c>, <c>/proc/&lt;pid&gt;/cmdline</c>) and shown in the Aspire dashboard, a file of mode 0600 only
/// by its owner — the user that runs the AppHost and therefore <c>redis-server</c>.
/// </summary>
internal static class RedisConfigFile
{
    public const string FileName = "redis.conf";

    /// <summary>
    /// Writes <c>requirepass</c> (the default user: the AppHost's health check and operators' tools) and one ACL user per
    /// service to <paramref name="path"/>, created (or reset) with mode 0600, and returns the path.
    /// </summary>
    public static string Write(string path, string password, IEnumerable<(RedisUser User, string Password)> users)
    {
        var text = new StringBuilder("# Written by the AIMO AppHost at every start; secrets only.\n");
        text.Append("requirepass ").Append(Checked(password)).Append('\n');
        foreach (var (user, userPassword) in users)
        {
            // Only the password's SHA-256 is stored, as ACL SAVE would write it.
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Checked(userPassword))));
            text.Append($"user {user.Name} reset on #{hash} {user.Rules}\n");
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
        stream.Write(Encoding.ASCII.GetBytes(text.ToString()));
        return path;
    }

    private static string Checked(string password) =>
        // redis.conf splits on spaces and unquotes; the generated secrets are hex, so this is a guard, not a case.
        password.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'')
            ? throw new ArgumentException("A Redis password must not contain whitespace or quotes.", nameof(password))
            : password;
}
