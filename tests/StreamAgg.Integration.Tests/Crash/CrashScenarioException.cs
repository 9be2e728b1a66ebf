using Xunit.Sdk;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>A crash scenario's failure, already carrying the seed and the children's output.</summary>
internal sealed class CrashScenarioException(string message) : XunitException(message);
