using System.Runtime.Versioning;

[assembly: SupportedOSPlatform("linux")]

// The browser tests share one stack and one Chromium profile: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
