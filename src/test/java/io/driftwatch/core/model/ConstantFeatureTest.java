package io.driftwatch.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.core.train.StandardScaler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The constant-feature rule against scikit-learn 1.2.1 ({@code src/test/python/golden_constant.py}). */
class ConstantFeatureTest {

  private static final JsonNode GOLDEN = load();

  @Test
  void decidesAsScikitLearnsIsConstantFeatureAroundItsBound() {
    JsonNode cases = GOLDEN.get("bound");
    assertThat(cases.size()).isEqualTo(135);
    int constant = 0;
    for (JsonNode c : cases) {
      double var = c.get("var").asDouble();
      double mean = c.get("mean").asDouble();
      long n = c.get("n").asLong();
      String where = "var=" + var + " mean=" + mean + " n=" + n;
      assertThat(ConstantFeature.isConstant(var, mean, n)).as(where).isEqualTo(c.get("constant").asBoolean());
      assertThat(ConstantFeature.scale(var, mean, n)).as(where).isEqualTo(c.get("scale").asDouble());
      constant += c.get("constant").asBoolean() ? 1 : 0;
    }
    assertThat(constant).isEqualTo(74);
  }

  @Test
  void theBoundIsRelativeToTheMagnitude() {
    // 353 values of 14.62: a computed σ of 8.5e-14 is residue; the tolerance is 353 · 14.62 · 2^-52 in units.
    assertThat(ConstantFeature.isConstant(8.5e-14 * 8.5e-14, 14.62, 353)).isTrue();
    assertThat(ConstantFeature.tolerance(0, 14.62, 353)).isEqualTo(353 * 14.62 * Math.ulp(1.0));
    // Around 1e-20, a 10 % spread is real; around 1e6, a spread of 2e-9 is not.
    assertThat(ConstantFeature.isConstant(4.005376818688844e-42, 9.983002832861189e-21, 353)).isFalse();
    assertThat(ConstantFeature.isConstant(4.0557123818815324e-18, 1e6, 353)).isTrue();
    assertThat(ConstantFeature.isConstant(Double.NaN, 1, 10)).isFalse();
  }

  @Test
  void theScalerAndTheProfileAgreeWithScikitLearnsStandardScaler() {
    JsonNode s = GOLDEN.get("scaler");
    int n = s.get("n").asInt();
    JsonNode columns = s.get("columns");
    double[][] rows = new double[n][columns.size()];
    for (int j = 0; j < columns.size(); j++) {
      for (int i = 0; i < n; i++) {
        rows[i][j] = columns.get(j).get(i).asDouble();
      }
    }
    Standardizer scaler = StandardScaler.fit(rows);
    for (int j = 0; j < columns.size(); j++) {
      String name = s.get("names").get(j).asText();
      boolean constant = s.get("constant").get(j).asBoolean();
      double scale = s.get("scale").get(j).asDouble();
      // scikit-learn's own mean and variance give its own decision.
      assertThat(ConstantFeature.isConstant(s.get("var").get(j).asDouble(), s.get("mean").get(j).asDouble(), n))
          .as(name).isEqualTo(constant);
      // Ours are summed in another order, so non-constant scales agree to rounding; constant ones are exactly 1.
      if (constant) {
        assertThat(scaler.scale()[j]).as(name).isEqualTo(1.0);
      } else {
        assertThat(scaler.scale()[j]).as(name).isCloseTo(scale, within(1e-12 * scale));
      }
      double[] column = new double[n];
      for (int i = 0; i < n; i++) {
        column[i] = rows[i][j];
      }
      DistributionProfile profile = DistributionProfiles.of(name, FeatureKind.CONTINUOUS, column);
      assertThat(profile.std() == 0).as(name).isEqualTo(constant);
    }
    assertThat(scaler.scale()[0]).isEqualTo(1.0);
  }

  @Test
  void aConstantColumnIsProfiledWithSigmaZeroAndItsExactValue() {
    double[] column = new double[353];
    Arrays.fill(column, 14.62);
    DistributionProfile profile = DistributionProfiles.of("k", FeatureKind.CONTINUOUS, column);
    assertThat(profile.std()).isEqualTo(0.0);
    assertThat(profile.mean()).isEqualTo(14.62);
    assertThat(profile.quantiles()).containsOnly(14.62);
  }

  private static JsonNode load() {
    try (InputStream in = ConstantFeatureTest.class.getResourceAsStream("/golden/constant_sklearn.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
