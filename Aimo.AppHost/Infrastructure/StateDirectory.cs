using System.Security.Cryptography;
using System.Text;

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

    /// <summary>
    /// A data folder (Redis's append-only file, PostgreSQL's cluster): only its owner may list or enter it, as for
    /// <see cref="Secrets"/> — the data holds API-visible results, budget counters and the admin's key ring.
    /// </summary>
    public string Sub(string name) => OwnerOnlyFolder(Path.Combine(Root, name));

    /// <summary>The folder of generated secrets and files that hold them: only its owner may list or enter it.</summary>
    public string Secrets() => OwnerOnlyFolder(Path.Combine(Root, "secrets"));

    private static string OwnerOnlyFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path).FullName;
        }
        // Created 0700, and narrowed if an older AppHost (or a hand) made it wider.
        var directory = Directory.CreateDirectory(path, OwnerOnly | UnixFileMode.UserExecute);
        directory.UnixFileMode = OwnerOnly | UnixFileMode.UserExecute;
        return directory.FullName;
    }

    /// <summary>Reads the secret stored under <paramref name="name"/>, creating a random one on first use.</summary>
    public string Secret(string name) =>
        // Hex keeps the value safe inside connection strings and config files.
        File.ReadAllText(SecretFile(name, () => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))))).Trim();

    /// <summary>The path of the secret file <paramref name="name"/>, written from <paramref name="create"/> on first use.</summary>
    public string SecretFile(string name, Func<byte[]> create)
    {
        var path = Path.Combine(Secrets(), name);
        if (File.Exists(path))
        {
            return path;
        }
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // 0600 from creation on, not chmod-ed after the secret is already on disk.
            options.UnixCreateMode = OwnerOnly;
        }
        using (var stream = new FileStream(path, options))
        {
            stream.Write(create());
        }
        return path;
    }
}
