namespace Aimo.Admin.Account;

/// <summary>
/// <c>Aimo.Admin hash-password [name]</c> (or <c>scripts/hash-password.sh</c>): reads a password and prints the hash
/// to put in the <c>admin-operators</c> secret — with a name, the whole <c>name:hash</c> entry. The password is read
/// from standard input, without echo on a terminal, so it is neither on a command line nor in the shell history.
/// </summary>
public static class PasswordHashCommand
{
    public const string Name = "hash-password";
    public const int MinPasswordLength = 12;

    /// <summary>Runs the command when <paramref name="args"/> ask for it; false means: start the web app as usual.</summary>
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args is not [Name, ..])
        {
            return false;
        }
        var password = Console.IsInputRedirected ? Console.In.ReadLine() : ReadHidden();
        exitCode = Run(args[1..], password, Console.Out, Console.Error);
        return true;
    }

    public static int Run(string[] args, string? password, TextWriter output, TextWriter error)
    {
        if (args is [var name, ..] && !OperatorDirectory.IsValidName(name))
        {
            error.WriteLine("The operator name must be 1-64 characters of A-Z a-z 0-9 . _ @ -.");
            return 2;
        }
        if (password is null || password.Length < MinPasswordLength)
        {
            error.WriteLine($"The password needs at least {MinPasswordLength} characters.");
            return 2;
        }
        var hash = OperatorDirectory.Hash(password);
        output.WriteLine(args is [var operatorName, ..] ? $"{operatorName}:{hash}" : hash);
        return 0;
    }

    private static string ReadHidden()
    {
        Console.Error.Write("Password: ");
        var password = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
        Console.Error.WriteLine();
        return password.ToString();
    }
}
