package io.driftwatch.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes {@link ModelArtifact} as JSON (layout in {@code docs/model-artifact.md}), validating on read and
 * on write: the schema version must be known, every field present, array lengths must match the feature list, every
 * number must be finite, scales positive, ranges non-empty. Errors name the field, e.g. {@code scaler.scale[3]}.
 */
public final class ModelArtifactJson {

  /** Hex characters of SHA-256 kept in {@code model_version}. */
  public static final int VERSION_LENGTH = 12;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .addModule(new SimpleModule("driftwatch-model")
          .addSerializer(FeatureKind.class, new FeatureKindSerializer())
          .addDeserializer(FeatureKind.class, new FeatureKindDeserializer()))
      .addMixIn(ModelArtifact.class, WithoutLineage.class)
      .addMixIn(ReferenceProfile.class, WithoutExtras.class)
      .build();

  /** Most codes a schema-1 categorical feature without a profile may imply: a huge range implies none. */
  private static final int MAX_IMPLIED_CODES = 1000;

  private static final Pattern CREATOR_PROPERTY =
      Pattern.compile("(Missing required|Null value for) creator property '([^']+)'");

  private ModelArtifactJson() {}

  /** Parses and validates an artifact; throws {@link InvalidModelArtifactException} naming the faulty field. */
  public static ModelArtifact read(byte[] json) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidModelArtifactException("not valid JSON" + where(e.getLocation()) + ": "
          + firstLine(e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidModelArtifactException("not a JSON object");
    }
    JsonNode version = tree.get("schema_version");
    if (version == null || version.isNull()) {
      throw new InvalidModelArtifactException("schema_version: missing");
    }
    if (!version.isIntegralNumber() || version.asInt() < ModelArtifact.OLDEST_SCHEMA_VERSION
        || version.asInt() > ModelArtifact.NEWEST_SCHEMA_VERSION) {
      throw new InvalidModelArtifactException("schema_version: unsupported version " + version
          + " (this driftwatch reads versions " + ModelArtifact.OLDEST_SCHEMA_VERSION + " to "
          + ModelArtifact.NEWEST_SCHEMA_VERSION + ")");
    }
    boolean schemaOne = version.asInt() == 1;
    if (schemaOne) {
      withPlaceholderCategories(tree.get("features"));
    }
    JsonNode lineageNode = ((ObjectNode) tree).remove("lineage");
    if (lineageNode != null && version.asInt() < ModelArtifact.LINEAGE_SCHEMA_VERSION) {
      throw new InvalidModelArtifactException("lineage: unknown field in schema_version " + version.asInt()
          + " (lineage came with version " + ModelArtifact.LINEAGE_SCHEMA_VERSION + ")");
    }
    JsonNode momentsNode = tree.get("reference") instanceof ObjectNode reference ? reference.remove("moments") : null;
    if (momentsNode != null && version.asInt() < ModelArtifact.MOMENTS_SCHEMA_VERSION) {
      throw new InvalidModelArtifactException("reference.moments: unknown field in schema_version " + version.asInt()
          + " (moments came with version " + ModelArtifact.MOMENTS_SCHEMA_VERSION + ")");
    }
    JsonNode calibrationNode =
        tree.get("reference") instanceof ObjectNode reference ? reference.remove("calibration") : null;
    if (calibrationNode != null && version.asInt() < ModelArtifact.CALIBRATION_SCHEMA_VERSION) {
      throw new InvalidModelArtifactException("reference.calibration: unknown field in schema_version "
          + version.asInt() + " (calibration came with version " + ModelArtifact.CALIBRATION_SCHEMA_VERSION + ")");
    }
    ModelArtifact artifact = bind(tree, ModelArtifact.class, "");
    if (momentsNode != null && artifact.reference() != null) {
      artifact = withReference(artifact, artifact.reference().withMoments(ReferenceMomentsJson.read(momentsNode)));
    }
    if (calibrationNode != null && artifact.reference() != null) {
      if (calibrationNode.isNull()) {
        throw new InvalidModelArtifactException(
            "reference.calibration: must not be null (leave it out when there is none)");
      }
      artifact = withReference(artifact, artifact.reference().withCalibration(
          bind(calibrationNode, ReferenceCalibration.class, "reference.calibration")));
    }
    if (schemaOne) {
      artifact = withSchemaOneCategories(artifact);
    }
    if (lineageNode != null) {
      if (lineageNode.isNull()) {
        throw new InvalidModelArtifactException("lineage: must not be null (leave it out when there is none)");
      }
      artifact = withLineage(artifact, bind(lineageNode, Lineage.class, "lineage"));
    }
    ModelArtifactValidator.validate(artifact);
    return artifact;
  }

  /** Binds {@code tree} (found at {@code at} in the document) to {@code type}, errors naming the field. */
  private static <T> T bind(JsonNode tree, Class<T> type, String at) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      throw new InvalidModelArtifactException(describe(e, tree, at), e);
    } catch (JsonProcessingException e) {
      throw new InvalidModelArtifactException((at.isEmpty() ? "" : at + ": ") + firstLine(e.getOriginalMessage()), e);
    }
  }

  /** Reads a file; errors are prefixed with the file name. */
  public static ModelArtifact read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidModelArtifactException(file + ": no such file", e);
    } catch (IOException e) {
      throw new InvalidModelArtifactException(file + ": cannot be read: " + e.getMessage(), e);
    }
    try {
      return read(bytes);
    } catch (InvalidModelArtifactException e) {
      throw new InvalidModelArtifactException(file + ": " + e.getMessage(), e);
    }
  }

  /** The artifact as indented UTF-8 JSON; refuses an artifact that {@link #read(byte[])} would refuse. */
  public static byte[] write(ModelArtifact artifact) {
    ModelArtifactValidator.validate(artifact);
    try {
      ObjectNode tree = treeOf(artifact);
      ReferenceCalibration calibration = artifact.reference().calibration();
      if (calibration != null && tree.get("reference") instanceof ObjectNode reference) {
        reference.set("calibration", MAPPER.valueToTree(calibration));
      }
      if (artifact.lineage() != null) {
        tree.set("lineage", MAPPER.valueToTree(artifact.lineage()));
      }
      byte[] json = MAPPER.writeValueAsBytes(tree);
      byte[] withNewline = new byte[json.length + 1];
      System.arraycopy(json, 0, withNewline, 0, json.length);
      withNewline[json.length] = '\n';
      return withNewline;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the model artifact", e);
    }
  }

  /** Writes the artifact, creating parent directories; replaces the file atomically where the system allows. */
  public static void write(ModelArtifact artifact, Path file) {
    byte[] json = write(artifact);
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temporary = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
      try {
        Files.write(temporary, json);
        try {
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The content hash that {@code model_version} holds: the first {@value #VERSION_LENGTH} hex characters of the
   * SHA-256 of a canonical form of every field except {@code model_version}, {@code created_at}, {@code lineage} and
   * {@code reference.calibration}. Numbers enter by their exact binary value, so the version does not depend on how a
   * JVM prints doubles: identical models trained at different times get the same version, and any change to the model
   * or its reference profile gives a new one. A schema-1 artifact is hashed in its own layout (without {@code
   * features[].categories}), so it keeps its version. Schema 3 differs from schema 2 only by {@code lineage}, which says where a model came from, not what it
   * is: a schema-3 artifact is hashed as its schema-2 layout, so the same model has the same version with or without
   * lineage (written by {@code retrain} or by {@code train}). Schema 4 is hashed as it is (its {@code reference.moments}
   * included, {@code lineage} not): the moments change how the model is monitored, so they are part of what it is.
   * Schema 5 differs from schema 4 only by {@code reference.calibration}, derived from the reference and a set of
   * drift settings (a cache of what a service would compute): a schema-5 artifact is hashed as its schema-4 layout, so
   * a model has the same version with or without a calibration, for any settings.
   */
  public static String contentVersion(ModelArtifact artifact) {
    ObjectNode tree = treeOf(artifact); // never holds lineage nor the calibration (WithoutLineage, WithoutExtras)
    tree.remove("model_version");
    tree.remove("created_at");
    if (artifact.schemaVersion() == ModelArtifact.LINEAGE_SCHEMA_VERSION) {
      tree.put("schema_version", ModelArtifact.CATEGORIES_SCHEMA_VERSION);
    }
    if (artifact.schemaVersion() == ModelArtifact.CALIBRATION_SCHEMA_VERSION) {
      tree.put("schema_version", ModelArtifact.MOMENTS_SCHEMA_VERSION);
    }
    StringBuilder canonical = new StringBuilder();
    appendCanonical(tree, canonical);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, VERSION_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /**
   * The artifact as a JSON tree in its schema's layout (schema 1 has no {@code features[].categories}), without
   * {@code reference.calibration} and {@code lineage}, which {@link #write(ModelArtifact)} adds last.
   */
  private static ObjectNode treeOf(ModelArtifact artifact) {
    ObjectNode tree = MAPPER.valueToTree(artifact);
    if (artifact.reference() != null && artifact.reference().moments() != null
        && tree.get("reference") instanceof ObjectNode reference) {
      reference.set("moments", ReferenceMomentsJson.write(artifact.reference().moments()));
    }
    if (artifact.schemaVersion() == 1 && tree.get("features") != null) {
      for (JsonNode feature : tree.get("features")) {
        if (feature instanceof ObjectNode object) {
          object.remove("categories");
        }
      }
    }
    return tree;
  }

  /**
   * Schema 1 has no {@code features[].categories}: one given is an unknown field, as any other; a missing one gets an
   * empty placeholder so the feature binds, filled in by {@link #withSchemaOneCategories}.
   */
  private static void withPlaceholderCategories(JsonNode features) {
    if (features == null || !features.isArray()) {
      return; // binding reports it
    }
    for (int j = 0; j < features.size(); j++) {
      if (features.get(j) instanceof ObjectNode feature) {
        if (feature.has("categories")) {
          throw new InvalidModelArtifactException(
              "features[" + j + "].categories: unknown field in schema_version 1 (categories came with version 2)");
        }
        feature.putArray("categories");
      }
    }
  }

  /**
   * A schema-1 categorical feature accepts the categories of its reference profile (the distinct training values, as
   * schema-1 trainers wrote them); with no usable profile, the whole numbers in [min, max].
   */
  private static ModelArtifact withSchemaOneCategories(ModelArtifact a) {
    if (a.features() == null) {
      return a; // the validator reports it
    }
    List<FeatureSpec> features = new ArrayList<>();
    for (int j = 0; j < a.features().size(); j++) {
      FeatureSpec f = a.features().get(j);
      if (f != null && f.kind() == FeatureKind.CATEGORICAL) {
        DistributionProfile profile = a.reference() != null && a.reference().features() != null
            && j < a.reference().features().size() ? a.reference().features().get(j) : null;
        double[] codes = profile != null && profile.categories() != null && profile.categories().length > 0
            ? profile.categories().clone()
            : wholeNumbers(f.min(), f.max());
        f = new FeatureSpec(f.name(), f.unit(), f.min(), f.max(), f.kind(), codes);
      }
      features.add(f);
    }
    return new ModelArtifact(a.schemaVersion(), a.modelName(), a.modelVersion(), a.createdAt(), a.target(),
        features, a.scaler(), a.model(), a.training(), a.reference()); // nulls kept for the validator to name
  }

  private static ModelArtifact withReference(ModelArtifact a, ReferenceProfile reference) {
    return new ModelArtifact(a.schemaVersion(), a.modelName(), a.modelVersion(), a.createdAt(), a.target(),
        a.features(), a.scaler(), a.model(), a.training(), reference, a.lineage());
  }

  private static ModelArtifact withLineage(ModelArtifact a, Lineage lineage) {
    return new ModelArtifact(a.schemaVersion(), a.modelName(), a.modelVersion(), a.createdAt(), a.target(),
        a.features(), a.scaler(), a.model(), a.training(), a.reference(), lineage);
  }

  /** The whole numbers in [min, max]; none when there would be more than {@value #MAX_IMPLIED_CODES}. */
  private static double[] wholeNumbers(double min, double max) {
    double first = Math.ceil(min);
    double last = Math.floor(max);
    if (!(last >= first) || last - first >= MAX_IMPLIED_CODES) {
      return new double[0]; // the validator then says a categorical feature needs its codes
    }
    double[] codes = new double[(int) (last - first) + 1];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = first + i;
    }
    return codes;
  }

  private static void appendCanonical(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      out.append('{');
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        out.append('"').append(field.getKey()).append("\":");
        appendCanonical(field.getValue(), out);
        out.append(fields.hasNext() ? "," : "");
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i > 0 ? "," : "");
        appendCanonical(node.get(i), out);
      }
      out.append(']');
    } else if (node.isFloatingPointNumber()) {
      out.append(Double.toHexString(node.doubleValue()));
    } else {
      out.append(node.toString());
    }
  }

  /** What is wrong, starting with the field's path; {@code at} is where {@code tree} sits in the document. */
  private static String describe(JsonMappingException e, JsonNode tree, String at) {
    String inside = path(e);
    String path = at.isEmpty() ? inside : inside.isEmpty() ? at : inside.startsWith("[") ? at + inside
        : at + "." + inside;
    if (e instanceof UnrecognizedPropertyException) {
      return path + ": unknown field";
    }
    // A primitive that is absent or null is reported as a type problem; the tree tells which it was.
    JsonNode node = find(tree, e.getPath());
    if (node == null || node.isMissingNode()) {
      return path + ": missing";
    }
    if (node.isNull()) {
      return path + ": must not be null";
    }
    Matcher creator = CREATOR_PROPERTY.matcher(String.valueOf(e.getOriginalMessage()));
    if (creator.find()) {
      String field = (path.isEmpty() ? "" : path + ".") + creator.group(2);
      return field + (creator.group(1).startsWith("Missing") ? ": missing" : ": must not be null");
    }
    if (e instanceof InvalidFormatException format) {
      return path + ": " + expected(format.getTargetType()) + ", was " + format.getValue();
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return path + ": " + expected(mismatch.getTargetType());
    }
    return (path.isEmpty() ? "" : path + ": ") + firstLine(e.getOriginalMessage());
  }

  private static String expected(Class<?> type) {
    if (type == double.class || type == Double.class || type == double[].class) {
      return "expected a number";
    }
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
      return "expected an integer";
    }
    if (type == String.class) {
      return "expected a string";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "expected true or false";
    }
    if (type == FeatureKind.class) {
      return "expected \"continuous\" or \"categorical\"";
    }
    if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
      return "expected an array";
    }
    return "expected an object";
  }

  private static JsonNode find(JsonNode tree, java.util.List<JsonMappingException.Reference> path) {
    JsonNode node = tree;
    for (JsonMappingException.Reference ref : path) {
      if (node == null) {
        return null;
      }
      node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
    }
    return node;
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() > 0 ? "." : "").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * Binds {@link ModelArtifact} without its {@code lineage}, which is optional: Jackson would require every record
   * component. {@code read} and {@code write} handle {@code lineage} themselves, and {@code contentVersion} never sees
   * it.
   */
  abstract static class WithoutLineage {
    @JsonCreator
    WithoutLineage(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("model_name") String modelName,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("target") String target,
        @JsonProperty("features") List<FeatureSpec> features,
        @JsonProperty("scaler") Standardizer scaler,
        @JsonProperty("model") LinearModel model,
        @JsonProperty("training") TrainingSummary training,
        @JsonProperty("reference") ReferenceProfile reference) {}

    @JsonIgnore
    abstract Lineage lineage();
  }

  /**
   * Binds {@link ReferenceProfile} without its optional {@code moments}, which {@link ReferenceMomentsJson} reads, and
   * {@code calibration}, which {@code read} and {@code write} handle themselves (and {@code contentVersion} never sees).
   */
  abstract static class WithoutExtras {
    @JsonCreator
    WithoutExtras(
        @JsonProperty("features") List<DistributionProfile> features,
        @JsonProperty("prediction") DistributionProfile prediction,
        @JsonProperty("residuals") ResidualProfile residuals) {}

    @JsonIgnore
    abstract ReferenceMoments moments();

    @JsonIgnore
    abstract ReferenceCalibration calibration();
  }

  private static final class FeatureKindSerializer extends JsonSerializer<FeatureKind> {
    @Override
    public void serialize(FeatureKind kind, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(kind.name().toLowerCase(Locale.ROOT));
    }
  }

  private static final class FeatureKindDeserializer extends JsonDeserializer<FeatureKind> {
    @Override
    public FeatureKind deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      String text = parser.getValueAsString();
      for (FeatureKind kind : FeatureKind.values()) {
        if (kind.name().toLowerCase(Locale.ROOT).equals(text)) {
          return kind;
        }
      }
      return (FeatureKind) context.handleWeirdStringValue(FeatureKind.class, text, "not a feature kind");
    }
  }
}
