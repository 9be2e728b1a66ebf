using System.Runtime.CompilerServices;

// The engagement tests drive the internal state machine pieces (interval set, progress) directly.
[assembly: InternalsVisibleTo("StreamAgg.Core.Tests")]
