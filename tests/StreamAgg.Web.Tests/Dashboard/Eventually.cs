namespace StreamAgg.Web.Tests.Dashboard;

/// <summary>Waits for a condition on something the server does in the background (no wall-clock limit: the run's hang timeout is the limit).</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            await Task.Delay(200);
        }
    }
}
