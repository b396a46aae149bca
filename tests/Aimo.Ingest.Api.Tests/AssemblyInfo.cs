using System.Runtime.Versioning;

// The fixture runs redis-server: Linux only.
[assembly: SupportedOSPlatform("linux")]
