package io.driftwatch.core.event;

import io.driftwatch.core.model.FeatureKind;
import io.driftwatch.core.model.FeatureSpec;
import java.util.List;

/**
 * Reads an outcome record, {@code {"patient_id": string, "event_id": string (optional), "<target>": number,
 * "event_time": instant (optional)}}, with exactly the rules and reasons of feature events: an outcome is an event
 * whose only feature is the model's target, any finite number. Returns a {@link PatientEvent} whose single feature is
 * the observed target, or a {@link Rejection} (e.g. {@code missing_field} naming the target, {@code non_finite},
 * {@code not_a_number}, {@code invalid_utf8} for unpaired surrogates in the ids). Not thread-safe: one per task.
 */
public final class OutcomeParser {

  private final PatientEventParser parser;
  private final String target;

  /**
   * @param target the artifact's target name, e.g. {@code progression}; not {@code patient_id}, {@code event_id} or
   *     {@code event_time}
   * @param maxBytes {@code input.max.bytes}
   * @throws IllegalArgumentException for a reserved target name or a non-positive size
   */
  public OutcomeParser(String target, int maxBytes) {
    this.target = target;
    this.parser = new PatientEventParser(
        List.of(new FeatureSpec(target, "", -Double.MAX_VALUE, Double.MAX_VALUE, FeatureKind.CONTINUOUS,
            new double[0])), maxBytes);
  }

  /** The target's field name. */
  public String target() {
    return target;
  }

  /** Parses one record value; the observed target is {@code features()[0]} of the event returned. */
  public ParseResult parse(byte[] value) {
    return parser.parse(value);
  }
}
