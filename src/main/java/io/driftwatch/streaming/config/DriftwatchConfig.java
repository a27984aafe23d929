package io.driftwatch.streaming.config;

import io.driftwatch.core.drift.DriftSettings;
import io.driftwatch.core.event.PatientEventParser;
import io.driftwatch.core.performance.ConceptSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The service's configuration: a properties file, then {@code --set} overrides, then {@code bootstrap.servers} from
 * {@code DRIFTWATCH_BOOTSTRAP_SERVERS} when neither gave it.
 *
 * <p>Keys under {@code topics.}, {@code model.}, {@code input.} and {@code drift.} are driftwatch's own; every other
 * key is a Kafka Streams or Kafka client property and is passed through, with driftwatch's defaults
 * ({@code application.id=driftwatch}, {@code processing.guarantee=exactly_once_v2},
 * {@code processing.exception.handler.global.enabled=true}). Everything is checked here, so a
 * bad file fails at start-up with the key named: unknown own keys, invalid own values, unknown Kafka keys (typos such
 * as {@code bootstrap.server}), and values Kafka itself would refuse.
 */
public final class DriftwatchConfig {

  public static final String TOPICS_FEATURES = "topics.features";
  public static final String TOPICS_PREDICTIONS = "topics.predictions";
  public static final String TOPICS_DEAD_LETTERS = "topics.dlq";
  public static final String TOPICS_MODELS = "topics.models";
  public static final String TOPICS_OUTCOMES = "topics.outcomes";
  public static final String TOPICS_DRIFT_REPORTS = "topics.drift-reports";
  public static final String TOPICS_PERFORMANCE_REPORTS = "topics.performance-reports";
  public static final String TOPICS_LABELLED_EVENTS = "topics.labelled-events";
  public static final String MODEL_NAME = "model.name";
  public static final String INPUT_MAX_BYTES = "input.max.bytes";
  public static final String INPUT_MAX_FUTURE_SKEW = "input.max-future-skew";
  /** Port of the HTTP server for {@code /metrics} and {@code /health/*} ({@code serve} and {@code demo}); 0: none. */
  public static final String METRICS_PORT = "metrics.port";
  public static final int DEFAULT_METRICS_PORT = 9464;
  /** Clocks of producers drift by seconds, not minutes; an event further ahead is a wrong clock or wrong unit. */
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

  public static final String BOOTSTRAP_SERVERS_ENV = "DRIFTWATCH_BOOTSTRAP_SERVERS";
  public static final String DEFAULT_MODEL_NAME = "diabetes-lasso";
  public static final String DEFAULT_APPLICATION_ID = "driftwatch";

  private static final List<String> OWN_PREFIXES =
      List.of("topics.", "model.", "input.", "drift.", "concept.", "labels.", "metrics.");

  private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  /**
   * Driftwatch's own keys, in the order the README documents them. A new setting is one entry in {@link #ownKeys()}
   * plus a getter; {@code drift.*} configures data-drift monitoring ({@link #drift()}).
   */
  private static final Map<String, OwnKey> OWN_KEYS = ownKeys();

  /** Kafka's 16 KiB default holds only ~50 predictions; bigger batches cut the producer's and broker's work per event. */
  public static final int DEFAULT_PRODUCER_BATCH_SIZE = 256 * 1024;
  /**
   * Kafka's 1 MiB default equals the broker's default record limit, so a rejected input near that size could not be
   * copied, with its headers, to the dead-letter topic: under exactly-once the failed send would abort every
   * transaction that retries it. 2 MiB leaves room (the dead-letter topic needs a matching {@code max.message.bytes}).
   */
  public static final int DEFAULT_PRODUCER_MAX_REQUEST_SIZE = 2 * 1024 * 1024;

  /**
   * Kafka's 500 ms default makes each start wait: the broker answers a connection's requests in order, so the restore
   * consumer's offset lookup for a task's changelogs waits behind its empty fetch of another task's. 50 ms took 0.35 s
   * off every start and restart (docs/benchmarks.md); an idle restore consumer (standby tasks only) asks 20 times a
   * second instead of twice.
   */
  public static final int DEFAULT_RESTORE_FETCH_MAX_WAIT_MS = 50;

  // The global-thread setting is Kafka 5's default; it also silences a start-up warning. The models processor never
  // throws, so it changes nothing else.
  private static final Map<String, String> KAFKA_DEFAULTS =
      Map.of(
          StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID,
          StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
          StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true",
          StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), String.valueOf(DEFAULT_PRODUCER_BATCH_SIZE),
          StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
          String.valueOf(DEFAULT_PRODUCER_MAX_REQUEST_SIZE),
          StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
          String.valueOf(DEFAULT_RESTORE_FETCH_MAX_WAIT_MS));

  /**
   * The Kafka settings driftwatch changes from Kafka's own defaults (the config file and {@code --set} override them),
   * without {@code application.id}: what a topology compared with the service must share with it.
   */
  public static Map<String, String> kafkaDefaults() {
    Map<String, String> defaults = new LinkedHashMap<>(KAFKA_DEFAULTS);
    defaults.remove(StreamsConfig.APPLICATION_ID_CONFIG);
    return defaults;
  }

  private static final List<String> KAFKA_PREFIXES =
      List.of(
          StreamsConfig.CONSUMER_PREFIX,
          StreamsConfig.MAIN_CONSUMER_PREFIX,
          StreamsConfig.RESTORE_CONSUMER_PREFIX,
          StreamsConfig.GLOBAL_CONSUMER_PREFIX,
          StreamsConfig.PRODUCER_PREFIX,
          StreamsConfig.ADMIN_CLIENT_PREFIX,
          StreamsConfig.TOPIC_PREFIX,
          StreamsConfig.CLIENT_TAG_PREFIX,
          "config.providers.",
          "metrics.context.");

  private static final Set<String> KNOWN_KAFKA_KEYS = knownKafkaKeys();

  private final Map<String, String> own;
  private final Map<String, String> kafka;
  private final Topics topics;
  private final String modelName;
  private final int inputMaxBytes;
  private final Duration maxFutureSkew;
  private final int metricsPort;
  private final DriftConfig drift;
  private final ConceptConfig concept;

  private DriftwatchConfig(Map<String, String> own, Map<String, String> kafka) {
    this.own = Collections.unmodifiableMap(own);
    this.kafka = Collections.unmodifiableMap(kafka);
    this.topics =
        new Topics(
            own.get(TOPICS_FEATURES),
            own.get(TOPICS_PREDICTIONS),
            own.get(TOPICS_DEAD_LETTERS),
            own.get(TOPICS_MODELS),
            own.get(TOPICS_OUTCOMES),
            own.get(TOPICS_DRIFT_REPORTS),
            own.get(TOPICS_PERFORMANCE_REPORTS),
            own.get(TOPICS_LABELLED_EVENTS));
    this.modelName = own.get(MODEL_NAME);
    this.inputMaxBytes = Integer.parseInt(own.get(INPUT_MAX_BYTES));
    this.maxFutureSkew = Duration.parse(own.get(INPUT_MAX_FUTURE_SKEW));
    this.metricsPort = Integer.parseInt(own.get(METRICS_PORT));
    this.drift = driftOf(own);
    this.concept = conceptOf(own);
  }

  /**
   * Loads and checks the configuration.
   *
   * @param file a properties file, or {@code null} for none
   * @param overrides {@code --set key=value} pairs; they win over the file
   * @param env the process environment; only {@value #BOOTSTRAP_SERVERS_ENV} is read, when no bootstrap.servers is set
   * @throws DriftwatchConfigException naming the key and the accepted values
   */
  public static DriftwatchConfig load(Path file, Map<String, String> overrides, Map<String, String> env) {
    Map<String, String> merged = new LinkedHashMap<>();
    if (file != null) {
      merged.putAll(readFile(file));
    }
    overrides.forEach((key, value) -> merged.put(key.trim(), value.trim()));
    if (isBlank(merged.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG))) {
      String fromEnv = env.get(BOOTSTRAP_SERVERS_ENV);
      if (!isBlank(fromEnv)) {
        merged.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, fromEnv.trim());
      }
    }
    return validate(merged);
  }

  /** The configuration from these properties alone (no file, no environment), checked as {@link #load} does. */
  public static DriftwatchConfig of(Map<String, String> properties) {
    return load(null, properties, Map.of());
  }

  public Topics topics() {
    return topics;
  }

  /** {@code model.name}: the key on the models topic this instance scores with. */
  public String modelName() {
    return modelName;
  }

  /**
   * {@code input.max.bytes}: record values (the whole event, in bytes) longer than this are dead-lettered as
   * {@code too_large}, unparsed.
   */
  public int inputMaxBytes() {
    return inputMaxBytes;
  }

  /**
   * {@code input.max-future-skew}: how far ahead of this instance's wall clock an event time (or outcome time) may
   * be; later ones are dead-lettered as {@code future_event_time}.
   */
  public Duration maxFutureSkew() {
    return maxFutureSkew;
  }

  /**
   * {@code metrics.port}: the TCP port {@code serve} and {@code demo} serve {@code /metrics}, {@code /health/live} and
   * {@code /health/ready} on; 0 when they serve none.
   */
  public int metricsPort() {
    return metricsPort;
  }

  /** The {@code drift.*} keys: windows, idle partitions, heartbeats and the statistics' decision rule. */
  public DriftConfig drift() {
    return drift;
  }

  /** The {@code concept.*} and {@code labels.*} keys: the outcome join, performance windows and alarms. */
  public ConceptConfig concept() {
    return concept;
  }

  public String applicationId() {
    return kafka.get(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  public String bootstrapServers() {
    return kafka.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
  }

  /** Every driftwatch key with its effective value, defaults included. */
  public Map<String, String> ownProperties() {
    return own;
  }

  /** Every Kafka Streams and client property, defaults included, ready for {@code new KafkaStreams(...)}. */
  public Properties toStreamsProperties() {
    Properties properties = new Properties();
    properties.putAll(kafka);
    // Kafka's partition assignor builds its own StreamsConfig from the main consumer's settings, which carry no
    // Streams keys: it would warn at every start that the global thread's handler is off while it is on. The main
    // consumer's prefix is the one way to hand it the same value (the consumer itself ignores the key).
    String global = StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG;
    if (kafka.containsKey(global)) {
      properties.putIfAbsent(StreamsConfig.mainConsumerPrefix(global), kafka.get(global));
    }
    return properties;
  }

  /**
   * The properties a plain producer needs to reach the same cluster (bootstrap, security and other client settings,
   * and {@code producer.*} keys without their prefix); Streams-only keys are left out.
   */
  public Properties toProducerProperties() {
    Properties properties = new Properties();
    Set<String> producerKeys = ProducerConfig.configNames();
    kafka.forEach(
        (key, value) -> {
          if (producerKeys.contains(key)) {
            properties.put(key, value);
          }
        });
    kafka.forEach(
        (key, value) -> {
          if (key.startsWith(StreamsConfig.PRODUCER_PREFIX)) {
            properties.put(key.substring(StreamsConfig.PRODUCER_PREFIX.length()), value);
          }
        });
    return properties;
  }

  /**
   * The properties a plain consumer needs to read from the same cluster (bootstrap, security and other client
   * settings, and {@code consumer.*} keys without their prefix); Streams-only keys and any {@code group.id} are left
   * out: {@code retrain} reads with assigned partitions, in no group.
   */
  public Properties toConsumerProperties() {
    Properties properties = new Properties();
    Set<String> consumerKeys = ConsumerConfig.configNames();
    kafka.forEach(
        (key, value) -> {
          if (consumerKeys.contains(key)) {
            properties.put(key, value);
          }
        });
    kafka.forEach(
        (key, value) -> {
          if (key.startsWith(StreamsConfig.CONSUMER_PREFIX)) {
            properties.put(key.substring(StreamsConfig.CONSUMER_PREFIX.length()), value);
          }
        });
    properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    return properties;
  }

  @Override
  public String toString() {
    // Only names that are safe to print: Kafka properties may hold credentials (sasl.jaas.config, ssl passwords).
    return "DriftwatchConfig{" + own + ", application.id=" + applicationId() + ", bootstrap.servers="
        + bootstrapServers() + "}";
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new DriftwatchConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      map.put(key.trim(), properties.getProperty(key).trim());
    }
    return map;
  }

  private static DriftwatchConfig validate(Map<String, String> merged) {
    Map<String, String> own = new LinkedHashMap<>();
    OWN_KEYS.forEach((name, key) -> own.put(name, key.defaultValue()));
    Map<String, String> kafka = new LinkedHashMap<>(KAFKA_DEFAULTS);

    for (Map.Entry<String, String> entry : merged.entrySet()) {
      String key = entry.getKey();
      String value = entry.getValue();
      if (isOwn(key)) {
        OwnKey definition = OWN_KEYS.get(key);
        if (definition == null) {
          throw new DriftwatchConfigException(
              "unknown key '" + key + "'" + suggestion(key) + "; driftwatch's keys are "
                  + String.join(", ", OWN_KEYS.keySet()));
        }
        String problem = definition.check().apply(value);
        if (problem != null) {
          throw new DriftwatchConfigException(
              key + "='" + value + "' is invalid: " + problem + " (accepted: " + definition.accepted() + ")");
        }
        own.put(key, value);
      } else if (isKafka(key)) {
        kafka.put(key, value);
      } else {
        throw new DriftwatchConfigException(
            "unknown key '" + key + "'" + suggestion(key)
                + ": neither a driftwatch key (topics.*, model.*, input.*, drift.*) nor a Kafka Streams, consumer,"
                + " producer or admin client property");
      }
    }

    Map<String, String> keyOfTopic = new LinkedHashMap<>();
    for (String name : OWN_KEYS.keySet()) {
      if (name.startsWith("topics.")) {
        String previous = keyOfTopic.putIfAbsent(own.get(name), name);
        if (previous != null) {
          throw new DriftwatchConfigException(
              previous + " and " + name + " both name topic '" + own.get(name)
                  + "' (accepted: a distinct topic for each topics.* key)");
        }
      }
    }

    if (isBlank(kafka.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG))) {
      throw new DriftwatchConfigException(
          "bootstrap.servers is not set (accepted: host:port[,host:port...] in the config file, with --set"
              + " bootstrap.servers=..., or in the environment variable " + BOOTSTRAP_SERVERS_ENV + ")");
    }
    checkWithKafka(kafka);
    checkDriftTiming(own, kafka);
    return new DriftwatchConfig(own, kafka);
  }

  /** Lets Kafka's own config definitions refuse what they would refuse at start-up, naming key and accepted values. */
  private static void checkWithKafka(Map<String, String> kafka) {
    try {
      StreamsConfig streams = new StreamsConfig(kafka);
      // Kafka Streams adds the byte-array (de)serializers when it creates its clients; so does this check.
      Map<String, Object> consumer =
          streams.getMainConsumerConfigs(kafka.get(StreamsConfig.APPLICATION_ID_CONFIG), "check", 0);
      consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      new ConsumerConfig(consumer);
      Map<String, Object> producer = streams.getProducerConfigs("check");
      producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
      new ProducerConfig(producer);
      new AdminClientConfig(streams.getAdminConfigs("check"));
    } catch (ConfigException | IllegalArgumentException e) {
      // IllegalArgumentException: e.g. producer.transaction.timeout.ms below commit.interval.ms with exactly-once.
      throw new DriftwatchConfigException("invalid Kafka property: " + e.getMessage(), e);
    }
  }

  /**
   * A running task tells the merge stage it is alive every heartbeat interval, and with exactly-once the merge stage
   * sees it only once the task commits: an idle timeout shorter than either would call live partitions idle.
   */
  private static void checkDriftTiming(Map<String, String> own, Map<String, String> kafka) {
    if (!Boolean.parseBoolean(own.get(DriftConfig.ENABLED))) {
      return;
    }
    Duration idle = Duration.parse(own.get(DriftConfig.IDLE_TIMEOUT));
    Duration heartbeat = Duration.parse(own.get(DriftConfig.HEARTBEAT_INTERVAL));
    String accepted = " (accepted: an ISO-8601 duration longer than drift.heartbeat.interval and, with exactly_once_v2,"
        + " than commit.interval.ms)";
    if (idle.compareTo(heartbeat) <= 0) {
      throw new DriftwatchConfigException(DriftConfig.IDLE_TIMEOUT + "='" + own.get(DriftConfig.IDLE_TIMEOUT)
          + "' is invalid: not longer than drift.heartbeat.interval (" + heartbeat + ")" + accepted);
    }
    StreamsConfig streams = new StreamsConfig(kafka);
    boolean exactlyOnce =
        StreamsConfig.EXACTLY_ONCE_V2.equals(streams.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    long commitMs = streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    if (exactlyOnce && idle.toMillis() <= commitMs) {
      throw new DriftwatchConfigException(DriftConfig.IDLE_TIMEOUT + "='" + own.get(DriftConfig.IDLE_TIMEOUT)
          + "' is invalid: not longer than commit.interval.ms (" + commitMs + " ms), and with exactly-once a"
          + " task's heartbeats become visible only when it commits" + accepted);
    }
  }

  private static ConceptConfig conceptOf(Map<String, String> own) {
    Map<String, String> statistics = new LinkedHashMap<>();
    own.forEach((key, value) -> {
      if (key.startsWith("concept.") && !key.equals(ConceptConfig.ENABLED)) {
        statistics.put(key, value);
      }
    });
    return new ConceptConfig(Boolean.parseBoolean(own.get(ConceptConfig.ENABLED)),
        Duration.parse(own.get(ConceptConfig.HORIZON)), Duration.parse(own.get(ConceptConfig.OUTCOME_WAIT)),
        Boolean.parseBoolean(own.get(ConceptConfig.PUBLISH_LABELLED)), ConceptSettings.from(statistics));
  }

  private static DriftConfig driftOf(Map<String, String> own) {
    Map<String, String> statistics = new LinkedHashMap<>();
    own.forEach((key, value) -> {
      if (key.startsWith("drift.")) {
        statistics.put(key, value);
      }
    });
    return new DriftConfig(
        Boolean.parseBoolean(own.get(DriftConfig.ENABLED)),
        Duration.parse(own.get(DriftConfig.WINDOW_SIZE)),
        Duration.parse(own.get(DriftConfig.WINDOW_GRACE)),
        Duration.parse(own.get(DriftConfig.IDLE_TIMEOUT)),
        Duration.parse(own.get(DriftConfig.HEARTBEAT_INTERVAL)),
        DriftSettings.from(statistics));
  }

  private static boolean isOwn(String key) {
    if (key.startsWith("metrics.") && !OWN_KEYS.containsKey(key) && isKafka(key)) {
      return false; // Kafka's own metrics.* keys (metrics.recording.level, metrics.context.*, ...)
    }
    return OWN_PREFIXES.stream().anyMatch(key::startsWith);
  }

  private static boolean isKafka(String key) {
    return KNOWN_KAFKA_KEYS.contains(key) || KAFKA_PREFIXES.stream().anyMatch(key::startsWith);
  }

  private static Set<String> knownKafkaKeys() {
    Set<String> known = new HashSet<>(StreamsConfig.configDef().names());
    known.addAll(ConsumerConfig.configNames());
    known.addAll(ProducerConfig.configNames());
    known.addAll(AdminClientConfig.configNames());
    return Collections.unmodifiableSet(known);
  }

  /** " (did you mean 'x'?)" for a key within two edits of a known one, else "". */
  private static String suggestion(String key) {
    Set<String> candidates = new TreeSet<>(OWN_KEYS.keySet());
    candidates.addAll(KNOWN_KAFKA_KEYS);
    String best = null;
    int bestDistance = 3;
    for (String candidate : candidates) {
      int distance = editDistance(key, candidate, bestDistance);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best == null ? "" : " (did you mean '" + best + "'?)";
  }

  /** Levenshtein distance (Apache Commons Text), or {@code limit} when it is at least that. */
  private static int editDistance(String a, String b, int limit) {
    int distance = new LevenshteinDistance(limit - 1).apply(a, b);
    return distance < 0 ? limit : distance;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  /** A driftwatch key: its default, a description of what it accepts, and a check returning a problem or null. */
  private record OwnKey(String defaultValue, String accepted, Function<String, String> check) {}

  private static Map<String, OwnKey> ownKeys() {
    Map<String, OwnKey> keys = new LinkedHashMap<>();
    topic(keys, TOPICS_FEATURES, Topics.DEFAULT_FEATURES);
    topic(keys, TOPICS_PREDICTIONS, Topics.DEFAULT_PREDICTIONS);
    topic(keys, TOPICS_DEAD_LETTERS, Topics.DEFAULT_DEAD_LETTERS);
    topic(keys, TOPICS_MODELS, Topics.DEFAULT_MODELS);
    topic(keys, TOPICS_OUTCOMES, Topics.DEFAULT_OUTCOMES);
    topic(keys, TOPICS_DRIFT_REPORTS, Topics.DEFAULT_DRIFT_REPORTS);
    topic(keys, TOPICS_PERFORMANCE_REPORTS, Topics.DEFAULT_PERFORMANCE_REPORTS);
    topic(keys, TOPICS_LABELLED_EVENTS, Topics.DEFAULT_LABELLED_EVENTS);
    keys.put(
        MODEL_NAME,
        new OwnKey(
            DEFAULT_MODEL_NAME,
            "a non-empty model name without spaces, the key of its artifacts on the models topic",
            value -> value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)
                ? "empty or contains whitespace" : null));
    keys.put(
        INPUT_MAX_BYTES,
        new OwnKey(
            String.valueOf(PatientEventParser.DEFAULT_MAX_BYTES),
            "a whole number of bytes from 1 to " + Integer.MAX_VALUE,
            DriftwatchConfig::checkPositiveInt));
    duration(keys, INPUT_MAX_FUTURE_SKEW, DEFAULT_MAX_FUTURE_SKEW, Duration.ZERO,
        "an ISO-8601 duration of at least PT0S, e.g. PT5M");
    driftKeys(keys);
    conceptKeys(keys);
    keys.put(
        METRICS_PORT,
        new OwnKey(
            String.valueOf(DEFAULT_METRICS_PORT),
            "a TCP port from 1 to 65535, or 0 for no metrics and health endpoints",
            value -> {
              try {
                int port = Integer.parseInt(value);
                return port >= 0 && port <= 65535 ? null : "not between 0 and 65535";
              } catch (NumberFormatException e) {
                return "not a whole number";
              }
            }));
    return Collections.unmodifiableMap(keys);
  }

  private static void driftKeys(Map<String, OwnKey> keys) {
    keys.put(DriftConfig.ENABLED, new OwnKey("true", "true or false",
        value -> value.equals("true") || value.equals("false") ? null : "not true or false"));
    duration(keys, DriftConfig.WINDOW_SIZE, DriftConfig.DEFAULT_WINDOW_SIZE, Duration.ofSeconds(1),
        "an ISO-8601 duration of at least PT1S, e.g. PT1M or PT30S");
    duration(keys, DriftConfig.WINDOW_GRACE, DriftConfig.DEFAULT_GRACE, Duration.ZERO,
        "an ISO-8601 duration of at least PT0S, e.g. PT10S");
    duration(keys, DriftConfig.IDLE_TIMEOUT, DriftConfig.DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(1),
        "an ISO-8601 duration of at least PT1S, e.g. PT30S");
    duration(keys, DriftConfig.HEARTBEAT_INTERVAL, DriftConfig.DEFAULT_HEARTBEAT_INTERVAL, Duration.ofMillis(100),
        "an ISO-8601 duration of at least PT0.1S, e.g. PT1S");
    DriftSettings d = DriftSettings.defaults();
    statistic(keys, DriftSettings.MIN_SAMPLES, d.minSamples(), "a whole number from 1");
    statistic(keys, DriftSettings.FALSE_ALARM_RATE, d.falseAlarmRate(), "a number in (0, 0.5), e.g. 0.01");
    statistic(keys, DriftSettings.PSI_FLOOR, d.psiFloor(), "a number >= 0");
    statistic(keys, DriftSettings.WASSERSTEIN_SIGMA_FLOOR, d.wassersteinSigmaFloor(), "a number >= 0");
    statistic(keys, DriftSettings.CALIBRATION_WINDOW_EVENTS, d.calibrationWindowEvents(), "a whole number from 2");
    statistic(keys, DriftSettings.CALIBRATION_ROUNDS, d.calibrationRounds(),
        "0 (no resampling check) or a whole number from 100");
    statistic(keys, DriftSettings.SEED, d.seed(), "a whole number (64-bit)");
    keys.put(DriftSettings.MULTIVARIATE, new OwnKey(String.valueOf(d.multivariate()), "true or false",
        value -> value.equals("true") || value.equals("false") ? null : "not true or false"));
    statistic(keys, DriftSettings.MEAN_SHIFT_SIGMA_FLOOR, d.meanShiftSigmaFloor(), "a number >= 0");
    statistic(keys, DriftSettings.CORRELATION_FLOOR, d.correlationFloor(), "a number in [0, 2]");
  }

  private static void conceptKeys(Map<String, OwnKey> keys) {
    keys.put(ConceptConfig.ENABLED, new OwnKey("true", "true or false",
        value -> value.equals("true") || value.equals("false") ? null : "not true or false"));
    duration(keys, ConceptConfig.HORIZON, ConceptConfig.DEFAULT_HORIZON, Duration.ofSeconds(1),
        "an ISO-8601 duration of at least PT1S, e.g. P400D");
    duration(keys, ConceptConfig.OUTCOME_WAIT, ConceptConfig.DEFAULT_OUTCOME_WAIT, Duration.ZERO,
        "an ISO-8601 duration of at least PT0S, e.g. PT2M");
    keys.put(ConceptConfig.PUBLISH_LABELLED, new OwnKey("true", "true or false",
        value -> value.equals("true") || value.equals("false") ? null : "not true or false"));
    ConceptSettings c = ConceptSettings.defaults();
    statistic(keys, ConceptSettings.FALSE_ALARM_RATE, c.falseAlarmRate(), "a number in (0, 0.5), e.g. 0.01");
    statistic(keys, ConceptSettings.MIN_RMSE_RATIO, c.minRmseRatio(), "a number >= 1, e.g. 1.1");
    statistic(keys, ConceptSettings.MIN_EFFECT_CHANGE, c.minEffectChange(),
        "a number >= 0 (reference RMSEs per σ of the feature)");
    statistic(keys, ConceptSettings.MIN_SAMPLES, c.minSamples(), "a whole number from 1");
    statistic(keys, ConceptSettings.ALARM_FALSE_ALARM_RATE, c.alarmFalseAlarmRate(),
        "a number in (0, 0.5), e.g. 0.01");
    statistic(keys, ConceptSettings.ALARM_HORIZON_LABELS, c.alarmHorizonLabels(), "a whole number from 1000");
    statistic(keys, ConceptSettings.REARM, c.rearmLabels(), "a whole number from 1");
    statistic(keys, ConceptSettings.CALIBRATION_RUNS, c.calibrationRuns(), "a whole number from 100");
    statistic(keys, ConceptSettings.SEED, c.seed(), "a whole number (64-bit)");
  }

  private static void duration(Map<String, OwnKey> keys, String name, Duration defaultValue, Duration min,
      String accepted) {
    keys.put(name, new OwnKey(defaultValue.toString(), accepted, value -> {
      try {
        Duration d = Duration.parse(value);
        if (d.compareTo(min) < 0) {
          return "shorter than " + min;
        }
        return d.getNano() % 1_000_000 != 0 ? "not a whole number of milliseconds" : null;
      } catch (DateTimeParseException e) {
        return "not an ISO-8601 duration";
      }
    }));
  }

  /**
   * A {@link DriftSettings} or {@link ConceptSettings} key: checked by the settings class itself, so the two cannot
   * disagree.
   */
  private static void statistic(Map<String, OwnKey> keys, String name, Object defaultValue, String accepted) {
    keys.put(name, new OwnKey(String.valueOf(defaultValue), accepted, value -> {
      try {
        if (name.startsWith("concept.")) {
          ConceptSettings.from(Map.of(name, value));
        } else {
          DriftSettings.from(Map.of(name, value));
        }
        return null;
      } catch (IllegalArgumentException e) {
        if (e.getCause() instanceof NumberFormatException) {
          return defaultValue instanceof Double ? "not a number" : "not a whole number";
        }
        return "out of range";
      }
    }));
  }

  private static void topic(Map<String, OwnKey> keys, String name, String defaultValue) {
    keys.put(
        name,
        new OwnKey(
            defaultValue,
            "a Kafka topic name: 1 to 249 of a-z A-Z 0-9 . _ -, not '.' or '..'",
            value -> TOPIC_NAME.matcher(value).matches() && !value.equals(".") && !value.equals("..")
                ? null : "not a legal topic name"));
  }

  private static String checkPositiveInt(String value) {
    try {
      return Integer.parseInt(value) >= 1 ? null : "not positive";
    } catch (NumberFormatException e) {
      return "not a whole number";
    }
  }

  /** The documented own keys with their defaults (for the README and {@code --help}). */
  public static Map<String, String> ownDefaults() {
    return OWN_KEYS.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().defaultValue(), (a, b) -> a,
            LinkedHashMap::new));
  }
}
