package io.driftwatch.simulate;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The scenarios {@code ./driftwatch simulate --scenario NAME} accepts. */
public enum ScenarioKind {
  NONE("none"),
  COVARIATE_SHIFT("covariate-shift"),
  GRADUAL_SHIFT("gradual-shift"),
  STUCK_SENSOR("stuck-sensor"),
  UNIT_ERROR("unit-error"),
  CONCEPT_SHIFT("concept-shift"),
  NOISE_INCREASE("noise-increase"),
  CORRELATION_BREAK("correlation-break");

  private final String cliName;

  ScenarioKind(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /** The kind named {@code name}; the error lists the accepted names. */
  public static ScenarioKind parse(String name) {
    return Arrays.stream(values())
        .filter(kind -> kind.cliName.equalsIgnoreCase(name.trim()))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("unknown scenario '" + name + "'; accepted: " + acceptedNames()));
  }

  public static String acceptedNames() {
    return Arrays.stream(values()).map(ScenarioKind::cliName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
