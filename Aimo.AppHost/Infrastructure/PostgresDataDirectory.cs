namespace Aimo.AppHost.Infrastructure;

/// <summary>
/// Prepares the PostgreSQL data folder on first start (<c>initdb</c>). PostgreSQL refuses to run as root,
/// so when the AppHost is root the folder belongs to the <c>postgres</c> user and every command runs as it.
/// </summary>
internal sealed class PostgresDataDirectory(string binDirectory, string folder, bool runAsPostgresUser)
{
    public string DataPath => Path.Combine(folder, "data");

    /// <summary>The command and leading arguments that run <paramref name="binary"/> as the right user.</summary>
    public (string Command, string[] Prefix) Invocation(string binary)
    {
        var path = Path.Combine(binDirectory, binary);
        if (!runAsPostgresUser)
        {
            return (path, []);
        }
        // setpriv execs the binary itself (no extra parent), so a SIGTERM from the AppHost reaches postgres.
        var setpriv = MachineProbe.FindOnPath("setpriv")
            ?? throw new InfrastructureUnavailableException("Running as root needs 'setpriv' (util-linux) to start PostgreSQL as the 'postgres' user.");
        return (setpriv, ["--reuid=postgres", "--regid=postgres", "--init-groups", path]);
    }

    public void EnsureInitialized(string password)
    {
        if (File.Exists(Path.Combine(DataPath, "PG_VERSION")))
        {
            return;
        }
        Directory.CreateDirectory(folder);
        var passwordFile = Path.Combine(folder, "initdb.pw");
        WriteOwnerOnly(passwordFile, password);
        try
        {
            if (runAsPostgresUser)
            {
                ProcessRunner.Run("chown", "-R", "postgres:postgres", folder);
                EnsurePostgresUserCanReach();
            }
            var (command, prefix) = Invocation("initdb");
            ProcessRunner.Run(command, [.. prefix, "-D", DataPath, "-U", PostgresProcessResource.UserName,
                $"--pwfile={passwordFile}", "--auth=scram-sha-256", "--encoding=UTF8", "--no-instructions"]);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // 0600 from creation on: the password must not be readable by others even for the seconds initdb runs.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(path, options);
        writer.Write(text);
    }

    private void EnsurePostgresUserCanReach()
    {
        try
        {
            var (command, prefix) = Invocation("pg_ctl");
            ProcessRunner.Run(command, [.. prefix[..^1], "test", "-w", folder]);
        }
        catch (InfrastructureUnavailableException)
        {
            throw new InfrastructureUnavailableException(
                $"PostgreSQL runs as the 'postgres' user, which cannot write to '{folder}' (a parent folder such as /root is private). " +
                "Set Aimo:StateDirectory to a folder it can reach, e.g. --Aimo:StateDirectory=/var/lib/aimo.");
        }
    }
}
