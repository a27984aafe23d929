package io.driftwatch.bench;

import io.driftwatch.simulate.ClinicalSample;
import io.driftwatch.simulate.PatientSimulator;
import io.driftwatch.simulate.Scenario;
import io.driftwatch.simulate.SimulatedEvent;
import io.driftwatch.simulate.SimulatorJson;
import io.driftwatch.streaming.config.DriftwatchConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures stream processors side by side on one broker, in one run. Every run gets its own output topic, kept
 * until the broker goes (deleting it while the last transaction's markers are written makes the broker log errors):
 *
 * <ul>
 *   <li><b>throughput</b>: the input topic is filled with {@code warmup + events} simulated patients first; each
 *       subject then reads it from the beginning, and the rate is taken between the moment its committed output
 *       passes {@code warmup} records (start-up and JIT warm-up behind it) and the moment it reaches all of them.
 *       Rounds alternate the subjects' order so neither always runs on a warmer JVM.
 *   <li><b>latency</b>: patients are produced at a steady rate; latency is the time from the input record's
 *       timestamp (set when it is sent) to the moment its output is read by a {@code read_committed} consumer, as a
 *       downstream service would see it.
 * </ul>
 */
public final class StreamsBenchmark {

  /**
   * @param events records measured per throughput run
   * @param warmup records processed before the throughput clock starts
   * @param partitions partitions of every input and output topic
   * @param rounds throughput runs per subject (the report takes the median)
   * @param warmupRounds untimed runs per subject before the rounds, so the JIT has compiled the hot paths
   * @param latencyRate events per second in the latency run
   * @param latencyEvents events measured in the latency run
   * @param streamsConfig Kafka Streams properties for every subject
   */
  public record Settings(
      int events,
      int warmup,
      int partitions,
      int rounds,
      int warmupRounds,
      int latencyRate,
      int latencyEvents,
      Map<String, Object> streamsConfig) {

    public Settings {
      if (events < 1 || warmup < 0 || partitions < 1 || rounds < 1 || warmupRounds < 0 || latencyRate < 1
          || latencyEvents < 1) {
        throw new IllegalArgumentException("benchmark sizes must be positive");
      }
      streamsConfig = Map.copyOf(streamsConfig);
    }

    /**
     * Kafka Streams' settings shared by every subject: the service's own defaults (exactly-once, the producer's batch
     * size), so that the pass-through runs exactly as the service would; one thread; topics read from the start.
     */
    public static Map<String, Object> defaultStreamsConfig() {
      Map<String, Object> config = new HashMap<>(DriftwatchConfig.kafkaDefaults());
      config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
      config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
      config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
      // As DriftwatchConfig.toStreamsProperties() does: Kafka's assignor reads it from the main consumer's settings.
      config.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
          "true");
      return config;
    }
  }

  /**
   * One throughput run.
   *
   * @param streamThreadCpuSeconds CPU time of the subject's stream threads during the timed part
   * @param processCpuSeconds CPU time of this whole JVM (broker, clients, subject) during the timed part
   */
  public record Throughput(
      String subject, int round, long records, double seconds, double streamThreadCpuSeconds,
      double processCpuSeconds, Map<ThreadCpu.Role, Double> cpuSecondsByRole) {

    public Throughput {
      cpuSecondsByRole = Map.copyOf(cpuSecondsByRole);
    }

    /** Microseconds of CPU per event spent by the threads of one role (0 where the breakdown is not available). */
    public double microsPerEvent(ThreadCpu.Role role) {
      return cpuSecondsByRole.getOrDefault(role, 0.0) * 1e6 / records;
    }

    public double eventsPerSecond() {
      return records / seconds;
    }

    /** Microseconds of stream-thread CPU per event: the subject's own cost, little affected by other load. */
    public double streamThreadMicrosPerEvent() {
      return streamThreadCpuSeconds * 1e6 / records;
    }

    /** Microseconds of CPU per event for the whole JVM: the broker's and the clients' share included. */
    public double processMicrosPerEvent() {
      return processCpuSeconds * 1e6 / records;
    }
  }

  /** Latency of one subject, in milliseconds. */
  public record Latency(String subject, int records, double p50, double p99, double max) {}

  /** Everything one benchmark run measured. */
  public record Result(Settings settings, List<Throughput> throughput, List<Latency> latency) {}

  private static final Logger log = LoggerFactory.getLogger(StreamsBenchmark.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
  private static final String INPUT = "bench-input";

  private final String bootstrapServers;
  private final Settings settings;
  private final SimulatorJson json;
  private final ClinicalSample sample = ClinicalSample.bundledDiabetes();

  public StreamsBenchmark(String bootstrapServers, Settings settings) {
    this.bootstrapServers = bootstrapServers;
    this.settings = settings;
    this.json = new SimulatorJson(sample.features());
  }

  /** Runs every subject's throughput rounds, then each subject's latency run. */
  public Result run(List<BenchSubject> subjects) throws Exception {
    createTopic(INPUT);
    long started = System.nanoTime();
    fillInput(settings.warmup() + settings.events());
    log.info(
        "Benchmark input: {} events in {} ms", settings.warmup() + settings.events(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

    List<Throughput> throughput = new ArrayList<>();
    for (int round = 1 - settings.warmupRounds(); round <= settings.rounds(); round++) {
      List<BenchSubject> order = new ArrayList<>(subjects);
      if (round % 2 == 0) {
        Collections.reverse(order);
      }
      for (BenchSubject subject : order) {
        Throughput result = measureThroughput(subject, round);
        log.info(
            "{} {}: {} events/s", subject.name(), round < 1 ? "warm-up (not counted)" : "round " + round,
            String.format("%.0f", result.eventsPerSecond()));
        if (round >= 1) {
          throughput.add(result);
        }
      }
    }
    List<Latency> latency = new ArrayList<>();
    for (BenchSubject subject : subjects) {
      Latency result = measureLatency(subject);
      log.info("{} latency: p50 {} ms, p99 {} ms", subject.name(), result.p50(), result.p99());
      latency.add(result);
    }
    return new Result(settings, throughput, latency);
  }

  private Throughput measureThroughput(BenchSubject subject, int round) throws Exception {
    String output = "bench-" + subject.name() + "-out-" + (round < 1 ? "warmup" + (1 - round) : round);
    createTopic(output);
    long target = (long) settings.warmup() + settings.events();
    Path stateDir = Files.createTempDirectory("driftwatch-bench-");
    try (KafkaConsumer<byte[], byte[]> consumer = outputConsumer(output)) {
      BenchRun run = new BenchRun(
          bootstrapServers, "bench-" + output, INPUT, output, stateDir,
          settings.streamsConfig());
      try (BenchSubject.Running running = subject.start(run)) {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        long count = 0;
        long countAtStart = -1;
        long clockStart = 0;
        long threadCpuStart = 0;
        long processCpuStart = 0;
        Map<ThreadCpu.Role, Double> rolesStart = Map.of();
        while (count < target) {
          if (System.nanoTime() > deadline) {
            throw new TimeoutException(subject.name() + ": only " + count + " of " + target + " outputs");
          }
          checkRunning(subject, running);
          count += consumer.poll(Duration.ofMillis(50)).count();
          if (countAtStart < 0 && count >= settings.warmup()) {
            countAtStart = count;
            clockStart = System.nanoTime();
            threadCpuStart = streamThreadsCpuNanos(run.applicationId());
            processCpuStart = processCpuNanos();
            rolesStart = ThreadCpu.snapshot(run.applicationId());
          }
        }
        long clockEnd = System.nanoTime();
        long threadCpu = streamThreadsCpuNanos(run.applicationId()) - threadCpuStart;
        long processCpu = processCpuNanos() - processCpuStart;
        Map<ThreadCpu.Role, Double> roles = ThreadCpu.between(rolesStart, ThreadCpu.snapshot(run.applicationId()));
        if (count == countAtStart) {
          // Everything arrived in one poll: too few events to time.
          throw new IllegalStateException(
              subject.name() + ": all output arrived at once; raise --events to measure throughput");
        }
        return new Throughput(
            subject.name(), round, count - countAtStart, (clockEnd - clockStart) / 1e9, threadCpu / 1e9,
            processCpu / 1e9, roles);
      }
    } finally {
      deleteRecursively(stateDir);
    }
  }

  private Latency measureLatency(BenchSubject subject) throws Exception {
    String input = "bench-" + subject.name() + "-latency-in";
    String output = "bench-" + subject.name() + "-latency-out";
    createTopic(input);
    createTopic(output);
    Path stateDir = Files.createTempDirectory("driftwatch-bench-");
    PatientSimulator simulator = new PatientSimulator(sample, Scenario.NONE, 7);
    try (KafkaConsumer<byte[], byte[]> consumer = outputConsumer(output);
        KafkaProducer<String, byte[]> producer = producer(0)) {
      BenchRun run = new BenchRun(
          bootstrapServers, "bench-" + subject.name() + "-latency", input, output, stateDir,
          settings.streamsConfig());
      try (BenchSubject.Running running = subject.start(run)) {
        // Probe until the subject answers, so start-up is not counted as latency.
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        int probes = 0;
        int seen = 0;
        while (seen == 0) {
          if (System.nanoTime() > deadline) {
            throw new TimeoutException(subject.name() + " never answered the latency probe");
          }
          checkRunning(subject, running);
          send(producer, input, simulator, System.currentTimeMillis());
          probes++;
          seen += consumer.poll(Duration.ofMillis(200)).count();
        }
        while (seen < probes) {
          seen += consumer.poll(Duration.ofMillis(200)).count();
        }
        long measuredFrom = System.currentTimeMillis();
        AtomicBoolean failed = new AtomicBoolean();
        Thread sender = new Thread(() -> sendAtRate(producer, input, simulator, failed), "bench-latency-sender");
        sender.start();
        long[] latencies = new long[settings.latencyEvents()];
        int n = 0;
        while (n < latencies.length && !failed.get()) {
          if (System.nanoTime() > deadline) {
            throw new TimeoutException(subject.name() + ": only " + n + " latency outputs");
          }
          checkRunning(subject, running);
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
            long now = System.currentTimeMillis();
            if (record.timestamp() >= measuredFrom && n < latencies.length) {
              latencies[n++] = now - record.timestamp();
            }
          }
        }
        sender.join();
        if (failed.get()) {
          throw new IllegalStateException(subject.name() + ": sending latency events failed");
        }
        Arrays.sort(latencies);
        return new Latency(
            subject.name(), n, percentile(latencies, 0.50), percentile(latencies, 0.99), latencies[n - 1]);
      }
    } finally {
      deleteRecursively(stateDir);
    }
  }

  private static void checkRunning(BenchSubject subject, BenchSubject.Running running) {
    if (running.failed()) {
      throw new IllegalStateException(subject.name() + " stopped on an error (logged above)");
    }
  }

  private void sendAtRate(
      KafkaProducer<String, byte[]> producer, String topic, PatientSimulator simulator, AtomicBoolean failed) {
    long interval = TimeUnit.SECONDS.toNanos(1) / settings.latencyRate();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < settings.latencyEvents(); i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        send(producer, topic, simulator, System.currentTimeMillis());
      }
      producer.flush();
    } catch (RuntimeException e) {
      log.error("Latency sender failed", e);
      failed.set(true);
    }
  }

  private void send(KafkaProducer<String, byte[]> producer, String topic, PatientSimulator simulator, long now) {
    SimulatedEvent event = simulator.next(Instant.ofEpochMilli(now));
    producer.send(new ProducerRecord<>(topic, null, now, event.patientId(), json.event(event)));
  }

  /** CPU time so far of the stream threads of {@code applicationId} (named {@code <client id>-StreamThread-<n>}). */
  static long streamThreadsCpuNanos(String applicationId) {
    long total = 0;
    for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (thread != null && thread.getThreadName().startsWith(applicationId + "-")
          && thread.getThreadName().contains("-StreamThread-")) {
        total += Math.max(0, THREADS.getThreadCpuTime(thread.getThreadId()));
      }
    }
    return total;
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : 0;
  }

  /** NumPy's linear-interpolation percentile of sorted values. */
  static double percentile(long[] sorted, double p) {
    double position = p * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  }

  private void fillInput(int count) throws InterruptedException, ExecutionException {
    PatientSimulator simulator = new PatientSimulator(sample, Scenario.NONE, 1);
    try (KafkaProducer<String, byte[]> producer = producer(20)) {
      Instant start = Instant.now();
      for (int i = 0; i < count; i++) {
        // Event times a millisecond apart, ending about now, as a live feed's would.
        SimulatedEvent event = simulator.next(start.minusMillis(count - i));
        producer.send(new ProducerRecord<>(INPUT, event.patientId(), json.event(event)));
      }
      producer.flush();
    }
  }

  private KafkaProducer<String, byte[]> producer(int lingerMs) {
    return producer(bootstrapServers, lingerMs);
  }

  /** The producer that fills a benchmark's input: keyed by patient id, acks from all replicas, 256 KiB batches. */
  static KafkaProducer<String, byte[]> producer(String bootstrapServers, int lingerMs) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(config);
  }

  private KafkaConsumer<byte[], byte[]> outputConsumer(String topic) {
    return outputConsumer(bootstrapServers, topic, settings.partitions());
  }

  /** A {@code read_committed} consumer of every partition of {@code topic}, from the start, as a downstream one. */
  static KafkaConsumer<byte[], byte[]> outputConsumer(String bootstrapServers, String topic, int partitionCount) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
    List<TopicPartition> partitions =
        IntStream.range(0, partitionCount).mapToObj(p -> new TopicPartition(topic, p)).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  private void createTopic(String name) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, settings.partitions(), (short) 1))).all()
          .get(1, TimeUnit.MINUTES);
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
