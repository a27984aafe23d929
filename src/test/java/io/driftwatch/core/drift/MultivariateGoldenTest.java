package io.driftwatch.core.drift;

import io.driftwatch.core.model.ReferenceMoments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Hotelling T² and the Fisher z pairs against {@code src/test/python/golden_multivariate.py} (NumPy / SciPy). */
class MultivariateGoldenTest {

  private static final JsonNode GOLDEN = load();

  private static JsonNode load() {
    try (InputStream in = MultivariateGoldenTest.class.getResourceAsStream("/golden/multivariate.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double[][] matrix(JsonNode rows) {
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Golden.doubles(rows.get(i));
    }
    return out;
  }

  private static Offset<Double> relative(double expected) {
    return within(1e-9 * Math.max(1, Math.abs(expected)));
  }

  @Test
  void hotellingMatchesNumPy() {
    assertThat(GOLDEN.get("hotelling").size()).isEqualTo(4);
    for (JsonNode c : GOLDEN.get("hotelling")) {
      double[][] a = matrix(c.get("reference"));
      double[][] b = matrix(c.get("window"));
      HotellingT2 t = HotellingT2.test(a.length, ReferenceMoments.means(a), ReferenceMoments.covariance(a),
          b.length, ReferenceMoments.means(b), ReferenceMoments.covariance(b));
      String name = c.get("name").asText();
      assertThat(t.dimensions()).as(name).isEqualTo(c.get("dimensions").asInt());
      assertThat(t.denominatorDegrees()).as(name).isEqualTo(c.get("denominator_df").asDouble());
      assertThat(t.t2()).as(name).isCloseTo(c.get("t2").asDouble(), relative(c.get("t2").asDouble()));
      assertThat(t.f()).as(name).isCloseTo(c.get("f").asDouble(), relative(c.get("f").asDouble()));
      double p = c.get("p_value").asDouble();
      assertThat(t.pValue()).as(name).isCloseTo(p, within(1e-9 * p + 1e-15));
      for (int j = 0; j < t.partialZ().length; j++) {
        JsonNode z = c.get("partial_z").get(j);
        if (z.isNull()) {
          assertThat(t.partialZ()[j]).as(name + " partial z " + j).isNaN();
          assertThat(t.partialPValue()[j]).isNaN();
        } else {
          assertThat(t.partialZ()[j]).as(name + " partial z " + j).isCloseTo(z.asDouble(), relative(z.asDouble()));
          double pz = c.get("partial_p_value").get(j).asDouble();
          assertThat(t.partialPValue()[j]).as(name + " partial p " + j).isCloseTo(pz, within(1e-9 * pz + 1e-15));
        }
      }
      assertThat(t.dropped()).as(name).containsExactly(
          c.get("dropped").isEmpty() ? new int[0] : new int[] {c.get("dropped").get(0).asInt()});
    }
  }

  @Test
  void hotellingOfNothingTestedIsNotSignificant() {
    double[][] zero = {{0, 0}, {0, 0}};
    HotellingT2 t = HotellingT2.test(10, new double[2], zero, 10, new double[] {1, 2}, zero);
    assertThat(t.dimensions()).isZero();
    assertThat(t.pValue()).isEqualTo(1.0);
    assertThat(t.dropped()).containsExactly(0, 1);
  }

  @Test
  void exactlyCollinearFeaturesReduceTheRank() {
    // Feature 1 = 2 × feature 0 in both samples: one dimension.
    double[][] cov = {{1, 2}, {2, 4}};
    HotellingT2 t = HotellingT2.test(100, new double[] {0, 0}, cov, 100, new double[] {0.5, 1.0}, cov);
    assertThat(t.dimensions()).isEqualTo(1);
    // Univariate: T² = n1 n2/(n1+n2) d²/s² = 50 × 0.25.
    assertThat(t.t2()).isCloseTo(12.5, within(1e-6));
  }

  @Test
  void fisherZPairsMatchSciPyMostChangedFirst() {
    List<String> names = List.of("a", "b", "c", "d");
    for (JsonNode c : GOLDEN.get("correlation")) {
      double[][] a = matrix(c.get("reference"));
      double[][] b = matrix(c.get("window"));
      List<CorrelationChange.Pair> pairs = CorrelationChange.test(names, a.length,
          ReferenceMoments.correlation(ReferenceMoments.covariance(a)), b.length,
          ReferenceMoments.correlation(ReferenceMoments.covariance(b)));
      JsonNode expected = c.get("pairs");
      assertThat(pairs).hasSize(expected.size());
      for (int i = 0; i < pairs.size(); i++) {
        CorrelationChange.Pair got = pairs.get(i);
        JsonNode want = expected.get(i);
        String as = c.get("name").asText() + " pair " + i;
        assertThat(new int[] {got.first(), got.second()}).as(as)
            .containsExactly(want.get("features").get(0).asInt(), want.get("features").get(1).asInt());
        assertThat(got.firstName()).isEqualTo(names.get(got.first()));
        assertThat(got.referenceCorrelation()).as(as)
            .isCloseTo(want.get("reference_correlation").asDouble(), within(1e-12));
        assertThat(got.windowCorrelation()).as(as).isCloseTo(want.get("window_correlation").asDouble(), within(1e-12));
        assertThat(got.z()).as(as).isCloseTo(want.get("z").asDouble(), within(1e-9));
        double p = want.get("p_value").asDouble();
        assertThat(got.pValue()).as(as).isCloseTo(p, within(1e-9 * p + 1e-300));
      }
    }
    // the broken pair is first
    assertThat(GOLDEN.get("correlation").get(1).get("pairs").get(0).get("features").toString()).isEqualTo("[2,3]");
  }

  @Test
  void pairsWithAConstantFeatureAreLeftOut() {
    double nan = Double.NaN;
    double[][] ref = {{1, 0.5, nan}, {0.5, 1, nan}, {nan, nan, nan}};
    List<CorrelationChange.Pair> pairs =
        CorrelationChange.test(List.of("x", "y", "k"), 353, ref, 500, ref);
    assertThat(pairs).hasSize(1);
    assertThat(pairs.get(0).z()).isZero();
    assertThat(pairs.get(0).pValue()).isEqualTo(1.0);
  }
}
