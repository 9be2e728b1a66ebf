using Xunit;

namespace StreamAgg.Observability.Tests.Support;

/// <summary>
/// Tests that scrape a MeterProvider listening to the meters by name (<c>StreamAgg.Processor</c>,
/// <c>StreamAgg.Sink</c>), as the commands do: every processor in the test process has a meter of
/// that name, so these run alone, not beside other tests' processors.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetersByName
{
    public const string Name = "meters by name";
}
