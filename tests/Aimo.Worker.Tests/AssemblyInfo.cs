using System.Runtime.Versioning;

// The fixtures run redis-server and PostgreSQL (as the 'postgres' user when root): Linux only.
[assembly: SupportedOSPlatform("linux")]
