package io.driftwatch.streaming.windows;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A changelogged key-value store whose owner keeps its state on the heap and writes it here only when Kafka Streams
 * commits: the per-event path neither serializes nor touches a store, yet what the commit covers is in the changelog.
 *
 * <p>Why a cache: Kafka Streams 4.3 writes a task's pending state inside the transaction only for caches. At commit
 * it calls {@code StreamTask.prepareCommit → flush → ProcessorStateManager.flushCache}, which reaches
 * {@link CachedStateStore#flushCache()} (and suppression buffers) and nothing else, then flushes the producer and
 * commits the offsets in the same transaction. A plain store's {@code flush()}/{@code commit()} runs later, from
 * {@code postCommit → maybeCheckpoint → ProcessorStateManager.commit()}, after the transaction: writes made there
 * would land in the next transaction, and a crash in between would lose events whose offsets were already committed.
 * {@code CachedStateStore} is internal API; Kafka is pinned, and the crash test would catch a change of this contract.
 */
public final class WriteAtCommitStore implements StateStore, CachedStateStore<Bytes, byte[]> {

  private final KeyValueStore<Bytes, byte[]> persisted;
  private Runnable writer = () -> {};

  private WriteAtCommitStore(KeyValueStore<Bytes, byte[]> persisted) {
    this.persisted = persisted;
  }

  /** An in-memory store logged to a compacted changelog (the heap state is small: a few open windows). */
  public static StoreBuilder<WriteAtCommitStore> builder(String name) {
    return new Builder(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
            .withCachingDisabled()
            .withLoggingEnabled(Map.of()));
  }

  /** The store the owner restores from in {@code init} and writes to from its {@link #beforeCommit} writer. */
  public KeyValueStore<Bytes, byte[]> persisted() {
    return persisted;
  }

  /** Called on every commit, before the producer is flushed and the transaction commits. */
  public void beforeCommit(Runnable writer) {
    this.writer = writer;
  }

  @Override
  public void flushCache() {
    writer.run();
  }

  @Override
  public void clearCache() {
    // Nothing is held here; the owner rebuilds its heap state from the store in init.
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<Bytes, byte[]> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public String name() {
    return persisted.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    persisted.init(context, root);
  }

  @Override
  public void flush() {
    persisted.flush();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    persisted.commit(changelogOffsets);
  }

  @Override
  public boolean managesOffsets() {
    return persisted.managesOffsets();
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return persisted.committedOffset(partition);
  }

  @Override
  public Position getPosition() {
    return persisted.getPosition();
  }

  @Override
  public void close() {
    persisted.close();
  }

  @Override
  public boolean persistent() {
    return persisted.persistent();
  }

  @Override
  public boolean isOpen() {
    return persisted.isOpen();
  }

  private static final class Builder implements StoreBuilder<WriteAtCommitStore> {
    private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;

    Builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> inner) {
      this.inner = inner;
    }

    @Override
    public StoreBuilder<WriteAtCommitStore> withCachingEnabled() {
      throw new UnsupportedOperationException("the owner's heap is the cache");
    }

    @Override
    public StoreBuilder<WriteAtCommitStore> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<WriteAtCommitStore> withLoggingEnabled(Map<String, String> config) {
      inner.withLoggingEnabled(config);
      return this;
    }

    @Override
    public StoreBuilder<WriteAtCommitStore> withLoggingDisabled() {
      throw new UnsupportedOperationException("without a changelog a crash would lose the heap state");
    }

    @Override
    public WriteAtCommitStore build() {
      return new WriteAtCommitStore(inner.build());
    }

    @Override
    public Map<String, String> logConfig() {
      return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
      return inner.loggingEnabled();
    }

    @Override
    public String name() {
      return inner.name();
    }
  }
}
