using BenchmarkDotNet.Attributes;
using StreamAgg.Hll;

namespace StreamAgg.Benchmarks.Hll;

/// <summary>Adds of precomputed hashes, unions and serialization of (14, 5) sketches.</summary>
[MemoryDiagnoser]
public class HllSketchBenchmarks
{
    private const int HashCount = 1 << 15;
    private readonly long[] _hashes = new long[HashCount];
    private readonly long[] _sparseHashes = new long[3000];
    private HllSketch _full = null!;
    private HllSketch _sparse = null!;
    private HllSketch _otherFull = null!;
    private byte[] _fullBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (int i = 0; i < _hashes.Length; i++)
        {
            _hashes[i] = random.NextInt64(long.MinValue, long.MaxValue);
        }

        for (int i = 0; i < _sparseHashes.Length; i++)
        {
            _sparseHashes[i] = HllHash.Text("user" + i);
        }

        _full = new HllSketch();
        _otherFull = new HllSketch();
        _sparse = new HllSketch();
        foreach (long hash in _hashes)
        {
            _full.Add(hash);
            _otherFull.Add(~hash);
        }

        foreach (long hash in _sparseHashes)
        {
            _sparse.Add(hash);
        }

        _fullBytes = _full.ToBytes();
    }

    [Benchmark(OperationsPerInvoke = HashCount)]
    public void AddToFull()
    {
        HllSketch sketch = _full;
        foreach (long hash in _hashes)
        {
            sketch.Add(hash);
        }
    }

    [Benchmark(OperationsPerInvoke = 3000)]
    public void AddToSparse()
    {
        HllSketch sketch = _sparse;
        foreach (long hash in _sparseHashes)
        {
            sketch.Add(hash);
        }
    }

    [Benchmark]
    public void UnionFullIntoFull() => _full.UnionWith(_otherFull);

    [Benchmark]
    public double CardinalityFull() => _full.Cardinality();

    [Benchmark]
    public byte[] ToBytesFull() => _full.ToBytes();

    [Benchmark]
    public HllSketch FromBytesFull() => HllSketch.FromBytes(_fullBytes);
}
