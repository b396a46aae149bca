using System.Runtime.Versioning;

// Processes mode (redis-server, PostgreSQL run as the 'postgres' user) is what these tests exercise: Linux only.
[assembly: SupportedOSPlatform("linux")]

// Each test class here starts the whole stack (or shares one); two stacks starting at once on a 2-core
// machine only make both miss their start timeout, so the classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
