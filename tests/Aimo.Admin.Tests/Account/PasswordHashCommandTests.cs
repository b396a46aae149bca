using Aimo.Admin.Account;
using Microsoft.Extensions.Options;

namespace Aimo.Admin.Tests.Account;

public sealed class PasswordHashCommandTests
{
    [Fact]
    public void The_printed_entry_signs_the_operator_in_with_that_password_only()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = PasswordHashCommand.Run(["carol"], "carols-long-passphrase", output, error);

        Assert.Equal(0, exitCode);
        var entry = output.ToString().Trim();
        Assert.StartsWith("carol:", entry);
        Assert.DoesNotContain("carols-long-passphrase", entry);
        var directory = new OperatorDirectory(Options.Create(new AdminOptions { Operators = entry }));
        Assert.NotNull(directory.Verify("carol", "carols-long-passphrase"));
        Assert.Null(directory.Verify("carol", "carols-long-passphrasE"));
    }

    [Fact]
    public void Without_a_name_only_the_hash_is_printed()
    {
        var output = new StringWriter();

        Assert.Equal(0, PasswordHashCommand.Run([], "a-password-of-length", output, TextWriter.Null));
        var hash = output.ToString().Trim();
        Assert.DoesNotContain(':', hash);
        var errors = new List<string>();
        Assert.Single(OperatorDirectory.Parse("x:" + hash, errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("short", "at least 12 characters")]
    [InlineData(null, "at least 12 characters")]
    public void A_short_or_missing_password_is_refused(string? password, string message)
    {
        var error = new StringWriter();
        var output = new StringWriter();

        Assert.Equal(2, PasswordHashCommand.Run(["carol"], password, output, error));
        Assert.Contains(message, error.ToString());
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void A_name_that_could_not_be_configured_is_refused()
    {
        var error = new StringWriter();

        Assert.Equal(2, PasswordHashCommand.Run(["carol:x"], "carols-long-passphrase", TextWriter.Null, error));
        Assert.Contains("operator name", error.ToString());
    }

    [Fact]
    public void Other_arguments_start_the_web_app()
    {
        Assert.False(PasswordHashCommand.TryRun(["--urls", "http://localhost:1"], out _));
    }
}
