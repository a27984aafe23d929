package io.driftwatch.streaming.readback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic as it stands when reading starts: a {@code read_committed} consumer in no group, every partition
 * assigned, from the beginning or from the first record at or after a timestamp ({@code offsetsForTimes}), to the end
 * offsets captured at the start (records written meanwhile are left for the next run). Nothing is committed.
 */
public final class CommittedLog {

  /** Longest wait for a poll that brings no progress before the read is given up. */
  public static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

  private CommittedLog() {}

  /**
   * Hands every committed record of {@code topic} in the range to {@code each}, partition by partition in offset order
   * (partitions interleaved as polls return them).
   *
   * @param fromTimestampMs read from the first record whose timestamp is at least this (epoch ms); {@code null}: from
   *     the beginning
   * @return the number of partitions of the topic
   * @throws MissingTopicException the topic does not exist
   * @throws org.apache.kafka.common.KafkaException the cluster cannot be reached or refuses (a {@link
   *     TimeoutException} after {@code default.api.timeout.ms}, or when no progress is made for {@link #STALL_TIMEOUT})
   */
  public static int read(Properties consumerProperties, String topic, Long fromTimestampMs,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Properties properties = new Properties();
    properties.putAll(consumerProperties);
    properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    properties.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    properties.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic);
      if (infos == null || infos.isEmpty()) {
        throw new MissingTopicException(topic);
      }
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // the last stable offsets (read_committed)
      if (fromTimestampMs == null) {
        consumer.seekToBeginning(partitions);
      } else {
        Map<TopicPartition, Long> at = new HashMap<>();
        partitions.forEach(p -> at.put(p, fromTimestampMs));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(at);
        for (TopicPartition p : partitions) {
          OffsetAndTimestamp first = found.get(p);
          consumer.seek(p, first == null ? end.get(p) : Math.min(first.offset(), end.get(p)));
        }
      }
      List<TopicPartition> open = new ArrayList<>(partitions);
      Map<TopicPartition, Long> positions = new HashMap<>();
      long lastProgress = System.nanoTime();
      while (true) {
        boolean progress = false;
        for (Iterator<TopicPartition> it = open.iterator(); it.hasNext(); ) {
          TopicPartition p = it.next();
          long position = consumer.position(p); // moves past transaction markers and aborted records too
          progress |= !Long.valueOf(position).equals(positions.put(p, position));
          if (position >= end.get(p)) {
            it.remove();
            consumer.pause(List.of(p));
          }
        }
        if (open.isEmpty()) {
          return partitions.size();
        }
        if (progress) {
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
          throw new TimeoutException("no progress reading topic " + topic + " for " + STALL_TIMEOUT.toSeconds()
              + " s; still to read: " + open);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
            each.accept(record);
          }
        }
      }
    }
  }
}
