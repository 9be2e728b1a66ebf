using Xunit;

namespace StreamAgg.Simulator.Tests;

public sealed class SimulationOptionsTests
{
    [Fact]
    public void Validate_Defaults_FindsNothing()
    {
        Assert.Empty(new SimulationOptions().Validate());
    }

    [Fact]
    public void Validate_UnpacedAndUnlimited_IsAccepted()
    {
        var options = new SimulationOptions { Speedup = double.PositiveInfinity, EventsPerSecond = null, MaxEvents = null, Duration = null };

        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData("viewers", "viewers must be between 1 and 5000000, got 0.")]
    [InlineData("videos", "videos must be between 1 and 1000000, got -3.")]
    [InlineData("rate", "events per second must be a positive number (or absent for no limit), got 0.")]
    [InlineData("rate-nan", "events per second must be a positive number (or absent for no limit), got NaN.")]
    [InlineData("count", "the event count must be at least 1 (or absent for no limit), got 0.")]
    [InlineData("duration", "the duration must be positive (or absent for no limit), got -00:01:00.")]
    [InlineData("bad", "the bad-input fraction must be between 0 and 0.5, got 0.7.")]
    [InlineData("duplicates", "the duplicate fraction must be between 0 and 0.5, got -0.1.")]
    [InlineData("out-of-order", "the out-of-order fraction must be between 0 and 0.5, got NaN.")]
    [InlineData("metadata", "the fraction of videos with metadata must be between 0 and 1, got 1.5.")]
    [InlineData("speedup", "speedup must be a positive number (infinity for no pacing), got 0.")]
    [InlineData("progress", "the progress interval must be positive, got 00:00:00.")]
    [InlineData("start", "the start time must lie between the years 1971 and 9000, got 0001-01-01T00:00:00.0000000+00:00.")]
    public void Validate_BadValue_SaysWhatIsWrong(string field, string message)
    {
        var options = field switch
        {
            "viewers" => new SimulationOptions { Viewers = 0 },
            "videos" => new SimulationOptions { Videos = -3 },
            "rate" => new SimulationOptions { EventsPerSecond = 0 },
            "rate-nan" => new SimulationOptions { EventsPerSecond = double.NaN },
            "count" => new SimulationOptions { MaxEvents = 0 },
            "duration" => new SimulationOptions { Duration = TimeSpan.FromMinutes(-1) },
            "bad" => new SimulationOptions { BadInputFraction = 0.7 },
            "duplicates" => new SimulationOptions { DuplicateFraction = -0.1 },
            "out-of-order" => new SimulationOptions { OutOfOrderFraction = double.NaN },
            "metadata" => new SimulationOptions { VideosWithMetadataFraction = 1.5 },
            "speedup" => new SimulationOptions { Speedup = 0 },
            "progress" => new SimulationOptions { ProgressInterval = TimeSpan.Zero },
            _ => new SimulationOptions { StartTime = DateTimeOffset.MinValue },
        };

        Assert.Equal([message], options.Validate());
    }

    [Fact]
    public void EnsureValid_SeveralProblems_ThrowsListingThemAll()
    {
        var options = new SimulationOptions { Viewers = 0, Speedup = -1 };

        var error = Assert.Throws<ArgumentException>(options.EnsureValid);

        Assert.Contains("viewers must be between", error.Message, StringComparison.Ordinal);
        Assert.Contains("speedup must be a positive number", error.Message, StringComparison.Ordinal);
    }
}
