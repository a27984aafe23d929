package io.driftwatch.cli;

import java.util.Collection;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The name a user probably meant: the same name in another case ({@code BMI} for {@code bmi}), else the nearest by
 * Levenshtein distance when it is within one edit per three characters of the candidate, at least one and at most two
 * ({@code bmii}, {@code bni} → {@code bmi}; {@code ag} → {@code age}; but {@code id} suggests neither
 * {@code bp} nor {@code s1}). Ties go to the first candidate.
 */
final class DidYouMean {

  private DidYouMean() {}

  static Optional<String> closest(String name, Collection<String> candidates) {
    for (String candidate : candidates) {
      if (candidate.equalsIgnoreCase(name)) {
        return Optional.of(candidate);
      }
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int allowed = Math.max(1, Math.min(2, candidate.length() / 3));
      int distance = editDistance(name, candidate);
      if (distance <= allowed && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code " (did you mean 'bmi'?)"}, or {@code ""} when no candidate is close. */
  static String hint(String name, Collection<String> candidates) {
    return closest(name, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
  }

  /** Levenshtein distance (Apache Commons Text). */
  static int editDistance(String a, String b) {
    return LevenshteinDistance.getDefaultInstance().apply(a, b);
  }
}
