package io.driftwatch.tracking;

import java.util.Locale;

/** What produced a run: {@code train} from the command line, or {@code retrain} on a window of live data. */
public enum RunKind {
  TRAIN,
  RETRAIN;

  /** The name in the run log and in MLflow: {@code train} or {@code retrain}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code label}; throws {@link IllegalArgumentException} for any other name. */
  public static RunKind ofLabel(String label) {
    for (RunKind kind : values()) {
      if (kind.label().equals(label)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown run kind '" + label + "' (accepted: train, retrain)");
  }
}
