namespace Aimo.LoadTest;

internal sealed record LoadOptions(Uri Url, string Key, string OperatorKey, int Requests, int PerRequest, int Concurrency, bool Wait, TimeSpan WaitTimeout)
{
    public static LoadOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }
        return new LoadOptions(
            new Uri(Value("--url", "http://localhost:5101")),
            Value("--key", "dev-ingest-key-change-me"),
            // Only the wait for empty queues reads GET /api/budget, an operator route.
            Value("--operator-key", "dev-operator-key-change-me"),
            int.Parse(Value("--requests", "200")),
            int.Parse(Value("--per-request", "50")),
            int.Parse(Value("--concurrency", "8")),
            !args.Contains("--no-wait"),
            TimeSpan.FromSeconds(int.Parse(Value("--wait-seconds", "600"))));
    }
}
