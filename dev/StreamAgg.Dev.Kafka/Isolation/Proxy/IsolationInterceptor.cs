using StreamAgg.Dev.Kafka.Isolation.Protocol;
using StreamAgg.Dev.Kafka.Isolation.Transactions;

namespace StreamAgg.Dev.Kafka.Isolation.Proxy;

// What the proxy does to each request on its way to a broker and to each response on its way
// back: the requests and responses of the transactional protocol feed the coordinator, Fetch
// responses of read_committed readers are filtered, broker addresses point to the proxy, and API
// versions are capped to the forms parsed here. Everything else passes through untouched. A frame
// that does not parse is forwarded as it is, and traced.
internal sealed class IsolationInterceptor(
    TransactionCoordinator coordinator, GroupMembership membership, GroupOffsetStore offsetStore, Func<int, int?> proxyPortOf, TimeProvider clock, Action<string>? trace) : IDisposable
{
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(5);

    private readonly PendingGroupOffsets _pending = new();

    // One store at a time: a retry of older offsets must not land after a newer commit's store.
    private readonly SemaphoreSlim _storing = new(1, 1);

    public TransactionCoordinator Coordinator => coordinator;

    // The pending request to match with the response, or null when none will come (acks=0).
    public PendingRequest? OnRequest(Span<byte> frame)
    {
        var header = RequestHeader.Read(frame);
        var version = header.ApiVersion;
        object? state = null;
        var expectsResponse = true;
        try
        {
            state = header.ApiKey switch
            {
                KafkaApiKey.Produce when version <= ProduceExchange.MaxVersion =>
                    ProduceExchange.OnRequest(frame, header.BodyOffset(frame, flexible: false), version, coordinator, out expectsResponse),
                KafkaApiKey.Fetch when version <= FetchExchange.MaxVersion =>
                    FetchExchange.OnRequest(frame, header.BodyOffset(frame, flexible: false), version),
                KafkaApiKey.InitProducerId when version <= InitProducerIdExchange.MaxVersion =>
                    InitProducerIdExchange.OnRequest(frame, header.BodyOffset(frame, flexible: false)),
                KafkaApiKey.EndTxn when version <= EndTxnExchange.MaxVersion =>
                    EndTxnExchange.OnRequest(frame, header.BodyOffset(frame, flexible: false), coordinator),
                KafkaApiKey.AddPartitionsToTxn or KafkaApiKey.AddOffsetsToTxn when version <= TransactionMembershipExchange.MaxVersion =>
                    TransactionMembershipExchange.IsFenced(frame, header.BodyOffset(frame, flexible: false), coordinator) ? FencedRequest.Instance : null,
                KafkaApiKey.JoinGroup when version <= JoinGroupExchange.MaxVersion =>
                    JoinGroupExchange.OnRequest(frame, header.BodyOffset(frame, flexible: false)),
                KafkaApiKey.TxnOffsetCommit when version <= TxnOffsetCommitExchange.MaxVersion =>
                    RecordOffsets(frame, header),
                _ => null,
            };
        }
        catch (MalformedFrameException e)
        {
            trace?.Invoke($"{header.ApiKey} v{version} request: {e.Message}");
        }

        return expectsResponse ? new PendingRequest(header.ApiKey, version, header.CorrelationId, state) : null;
    }

    // The bytes to send the client: the frame itself (patched in place) or a rebuilt one, which
    // the caller disposes after writing.
    public async ValueTask<(ReadOnlyMemory<byte> Bytes, IDisposable? Owner)> OnResponseAsync(Frame frame, PendingRequest request, CancellationToken cancellationToken)
    {
        var version = request.ApiVersion;
        try
        {
            switch (request.ApiKey)
            {
                case KafkaApiKey.ApiVersions:
                    ApiVersionsExchange.OnResponse(frame.Span, version);
                    break;
                case KafkaApiKey.Metadata when version <= BrokerAddressExchange.MaxMetadataVersion:
                    BrokerAddressExchange.OnMetadataResponse(frame.Span, version, proxyPortOf);
                    break;
                case KafkaApiKey.FindCoordinator when version <= BrokerAddressExchange.MaxFindCoordinatorVersion:
                    BrokerAddressExchange.OnFindCoordinatorResponse(frame.Span, version, proxyPortOf);
                    break;
                case KafkaApiKey.Produce when request.State is ProduceState produce:
                    ProduceExchange.OnResponse(frame.Span, version, produce, coordinator);
                    break;
                case KafkaApiKey.Fetch when request.State is FetchState fetch:
                    return await FilterFetchAsync(frame, version, fetch, cancellationToken).ConfigureAwait(false);
                case KafkaApiKey.InitProducerId when request.State is InitProducerIdState init:
                    InitProducerIdExchange.OnResponse(frame.Span, init, coordinator);
                    break;
                case KafkaApiKey.JoinGroup when request.State is JoinGroupState join:
                    JoinGroupExchange.OnResponse(frame.Span, version, join, membership);
                    break;
                case KafkaApiKey.EndTxn when request.State is EndTxnState end:
                    await EndAsync(frame, end, cancellationToken).ConfigureAwait(false);
                    break;
                case KafkaApiKey.AddPartitionsToTxn or KafkaApiKey.TxnOffsetCommit when request.State is FencedRequest:
                    TransactionMembershipExchange.FenceAddPartitionsResponse(frame.Span);
                    break;
                case KafkaApiKey.AddOffsetsToTxn when request.State is FencedRequest:
                    TransactionMembershipExchange.FenceAddOffsetsResponse(frame.Span);
                    break;
            }
        }
        catch (MalformedFrameException e)
        {
            trace?.Invoke($"{request.ApiKey} v{version} response: {e.Message}");
        }

        return (frame.Memory, null);
    }

    private object? RecordOffsets(Span<byte> frame, RequestHeader header)
    {
        var flexible = header.ApiVersion >= TxnOffsetCommitExchange.FirstFlexibleVersion;
        var kept = TxnOffsetCommitExchange.OnRequest(frame, header.BodyOffset(frame, flexible), header.ApiVersion, coordinator);
        return kept || flexible ? null : FencedRequest.Instance;
    }

    private async ValueTask<(ReadOnlyMemory<byte> Bytes, IDisposable? Owner)> FilterFetchAsync(
        Frame frame, short version, FetchState fetch, CancellationToken cancellationToken)
    {
        // Taken before filtering, so that a transaction ending meanwhile still wakes the wait.
        var change = coordinator.NextChange;
        var rewrite = FetchExchange.OnResponse(frame.Span, version, coordinator);
        if (rewrite.HeldBack && !rewrite.HasRecords && fetch.MaxWaitMs > 0)
        {
            // The broker answered at once because it had records, all of which are held back: wait
            // as it would have without them, or until a transaction ends, so that readers do not spin.
            await Task.WhenAny(change, Task.Delay(TimeSpan.FromMilliseconds(fetch.MaxWaitMs), clock, cancellationToken)).ConfigureAwait(false);
        }

        return rewrite.Rebuilt is { } rebuilt ? (rebuilt.Frame(), rebuilt) : (frame.Memory, null);
    }

    /// <summary>Stores the committed offsets the group coordinator refused so far (the proxy calls this on a timer).</summary>
    public async Task StorePendingAsync(CancellationToken cancellationToken)
    {
        foreach (var group in _pending.Groups)
        {
            await StoreAsync(group, retry: true, cancellationToken).ConfigureAwait(false);
        }
    }

    // The committed transaction's offsets are the group's before its client hears that the commit
    // completed, as on Kafka. What the coordinator behind refuses while the group rebalances (it
    // takes offsets only from a member of the current generation of a stable group) stays pending
    // and is stored by the retries: Kafka never loses a committed transaction's offsets to a rebalance.
    private async Task EndAsync(Frame frame, EndTxnState end, CancellationToken cancellationToken)
    {
        foreach (var offsets in EndTxnExchange.OnResponse(frame.Span, end, coordinator))
        {
            _pending.Add(offsets);
            await StoreAsync(offsets.GroupId, retry: false, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StoreAsync(string groupId, bool retry, CancellationToken cancellationToken)
    {
        await _storing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_pending.Take(groupId) is not { } offsets)
            {
                return;
            }

            short error;
            // A broker that never answers must not hold every other store (and EndTxn response) behind it.
            using var timeout = new CancellationTokenSource(StoreTimeout, clock);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                error = await CommitAsync(offsets, limit.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MalformedFrameException
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                if (!retry)
                {
                    trace?.Invoke($"storing the offsets of group '{groupId}' failed: {e.Message}; retrying");
                }

                return;
            }

            if (error == ErrorCodes.None)
            {
                _pending.Stored(offsets);
                if (retry)
                {
                    trace?.Invoke($"stored the committed offsets of group '{groupId}' once its coordinator took them");
                }
            }
            else if (IsTransient(error))
            {
                if (!retry)
                {
                    trace?.Invoke($"the group coordinator refused the committed offsets of group '{groupId}' for now (error {error}); retrying");
                }
            }
            else
            {
                _pending.Stored(offsets);
                trace?.Invoke($"the group coordinator refused the committed offsets of group '{groupId}' for good: error {error}");
            }
        }
        finally
        {
            _storing.Release();
        }
    }

    // Refusals that only say the group is between generations or its coordinator is moving.
    private static bool IsTransient(short error) => error is ErrorCodes.RebalanceInProgress or ErrorCodes.IllegalGeneration
        or ErrorCodes.UnknownMemberId or ErrorCodes.NotCoordinator or ErrorCodes.CoordinatorNotAvailable or ErrorCodes.CoordinatorLoadInProgress;

    // With each member of the group's current generation until one is accepted: pending offsets
    // carry no membership, and the one a TxnOffsetCommit v3 carried may be a generation behind.
    private async Task<short> CommitAsync(GroupOffsets offsets, CancellationToken cancellationToken)
    {
        var error = ErrorCodes.UnknownMemberId;
        foreach (var (generation, memberId) in membership.Current(offsets.GroupId))
        {
            error = await offsetStore.CommitAsync(offsets with { GenerationId = generation, MemberId = memberId }, cancellationToken).ConfigureAwait(false);
            if (error == ErrorCodes.None)
            {
                break;
            }

            if (error == ErrorCodes.UnknownMemberId)
            {
                // Gone for good: a group whose members all left is not asked again until one joins.
                membership.Forget(offsets.GroupId, memberId);
            }
        }

        return error;
    }

    public void Dispose() => _storing.Dispose();
}
