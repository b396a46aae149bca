using System.Security.Cryptography;

namespace Aimo.AppHost.Infrastructure;

/// <summary>
/// The folder where processes mode keeps Redis and PostgreSQL data and their generated passwords,
/// so that data and credentials survive an AppHost restart (setting <c>Aimo:StateDirectory</c>,
/// default <c>Aimo.AppHost/.aimo</c>, or <c>/var/lib/aimo</c> as root: see <see cref="DefaultStateDirectory"/>).
/// </summary>
internal sealed class StateDirectory(string root)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Root { get; } = Path.GetFullPath(root);

    public string Sub(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>The folder of generated secrets and files that hold them: only its owner may list or enter it.</summary>
    public string Secrets()
    {
        var path = Path.Combine(Root, "secrets");
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path).FullName;
        }
        var directory = Directory.CreateDirectory(path, OwnerOnly | UnixFileMode.UserExecute);
        directory.UnixFileMode = OwnerOnly | UnixFileMode.UserExecute;
        return directory.FullName;
    }

    /// <summary>Reads the secret stored under <paramref name="name"/>, creating a random one on first use.</summary>
    public string Secret(string name)
    {
        var path = Path.Combine(Secrets(), name);
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }
        // Hex keeps the value safe inside connection strings and config files.
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // 0600 from creation on, not chmod-ed after the secret is already on disk.
            options.UnixCreateMode = OwnerOnly;
        }
        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(secret);
        }
        return secret;
    }
}
