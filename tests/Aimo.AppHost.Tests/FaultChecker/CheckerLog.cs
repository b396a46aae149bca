using Xunit.Abstractions;

namespace Aimo.AppHost.Tests.FaultChecker;

/// <summary>
/// The run's report, line by line, to the test output and to a file flushed after every line — a run that hangs or is
/// killed still leaves its seed and schedule behind.
/// </summary>
public sealed class CheckerLog(ITestOutputHelper output) : IDisposable
{
    private readonly StreamWriter _file = new(Path.Combine(Directory.CreateTempSubdirectory("aimo-fault-checker-").FullName, "run.log"))
    {
        AutoFlush = true,
    };

    public string FilePath => ((FileStream)_file.BaseStream).Name;

    public void Line(string text)
    {
        _file.WriteLine(text);
        try
        {
            output.WriteLine(text);
        }
        catch (InvalidOperationException)
        {
            // The test has already ended (a late line from a cancelled task): the file has it.
        }
    }

    public void Dispose() => _file.Dispose();
}
