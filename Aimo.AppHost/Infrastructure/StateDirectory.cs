using System.Security.Cryptography;

namespace Aimo.AppHost.Infrastructure;

/// <summary>
/// The folder where processes mode keeps Redis and PostgreSQL data and their generated passwords,
/// so that data and credentials survive an AppHost restart (setting <c>Aimo:StateDirectory</c>,
/// default <c>Aimo.AppHost/.aimo</c>, or <c>/var/lib/aimo</c> as root: see <see cref="DefaultStateDirectory"/>).
/// </summary>
internal sealed class StateDirectory(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Sub(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>Reads the secret stored under <paramref name="name"/>, creating a random one on first use.</summary>
    public string Secret(string name)
    {
        var path = Path.Combine(Sub("secrets"), name);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        // Hex keeps the value safe inside connection strings and command lines.
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return secret;
    }
}
