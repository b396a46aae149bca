using System.Runtime.Versioning;

// Processes mode (redis-server, PostgreSQL run as the 'postgres' user) is what these tests exercise: Linux only.
[assembly: SupportedOSPlatform("linux")]
