namespace StreamAgg.Web.Tests.Dashboard;

/// <summary>One server, PostgreSQL and Kafka for all dashboard test classes (each costs seconds to start).</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardServer>
{
    public const string Name = "dashboard";
}
