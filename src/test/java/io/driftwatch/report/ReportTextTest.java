package io.driftwatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How numbers, bins and times read on the page. */
class ReportTextTest {

  @Test
  void pValuesHaveTwoSignificantFiguresAndAnExponentBelowAThousandth() {
    assertThat(Formats.pValue(0.8685)).isEqualTo("0.87");
    assertThat(Formats.pValue(1.0)).isEqualTo("1");
    assertThat(Formats.pValue(0.0023)).isEqualTo("0.0023");
    assertThat(Formats.pValue(0.001)).isEqualTo("0.001");
    assertThat(Formats.pValue(2.073e-08)).isEqualTo("2.1e-8");
    assertThat(Formats.pValue(1e-12)).isEqualTo("1e-12");
    assertThat(Formats.pValue(0.0)).isEqualTo("0");
    assertThat(Formats.pValue(null)).isEqualTo("—");
  }

  @Test
  void statisticsHaveFixedDecimalsAndShiftsASign() {
    assertThat(Formats.fixed(0.0001324, 3)).isEqualTo("0.000");
    assertThat(Formats.fixed(-0.0003455, 3)).isEqualTo("0.000");
    assertThat(Formats.signed(11.79, 2)).isEqualTo("+11.79");
    assertThat(Formats.signed(-0.129, 2)).isEqualTo("-0.13");
    assertThat(Formats.signed(0.0, 2)).isEqualTo("0.00");
    assertThat(Formats.significant(162.6, 3)).isEqualTo("163");
    assertThat(Formats.significant(1234.0, 3)).isEqualTo("1230");
    assertThat(Formats.significant(0.02739, 3)).isEqualTo("0.0274");
    assertThat(Formats.threshold(0.1)).isEqualTo("0.1");
    assertThat(Formats.threshold(200.0)).isEqualTo("200");
    assertThat(Formats.count(1_234_567)).isEqualTo("1\u00a0234\u00a0567");
    assertThat(Formats.percent(0.0234375)).isEqualTo("2.3\u00a0%");
    assertThat(Formats.percent(0.0001)).isEqualTo("<\u00a00.1\u00a0%");
    assertThat(Formats.percent(0.0)).isEqualTo("0.0\u00a0%");
  }

  @Test
  void binsAreLabelledWithOpenEndsAndDistinctCutPoints() {
    assertThat(BinLabels.ofEdges(new double[] {21.3, 23.1, 33.0}))
        .containsExactly("< 21.3", "21.3–23.1", "23.1–33.0", "≥ 33.0");
    // Three significant figures of the largest would make 4.18 and 4.18: one more decimal.
    assertThat(BinLabels.ofEdges(new double[] {4.176, 4.184, 5.2}))
        .containsExactly("< 4.176", "4.176–4.184", "4.184–5.200", "≥ 5.200");
    assertThat(BinLabels.ofEdges(new double[] {3, 4, 5})).containsExactly("< 3", "3–4", "4–5", "≥ 5");
    assertThat(BinLabels.ofEdges(new double[] {-0.5})).containsExactly("< -0.500", "≥ -0.500");
    assertThat(BinLabels.ofCategories(new double[] {1, 2}, 3)).containsExactly("1", "2", "other");
  }

  @Test
  void timesAreAsShortAsTheWindowsAllow() {
    Instant a = Instant.parse("2026-11-24T10:41:00Z");
    Instant b = Instant.parse("2026-11-24T10:42:00Z");
    Instant c = Instant.parse("2026-11-25T00:00:30Z");
    assertThat(Times.fitting(List.of(a, b)).range(a, b)).isEqualTo("10:41–10:42");
    assertThat(Times.fitting(List.of(a, c)).range(a, c)).isEqualTo("2026-11-24 10:41:00–2026-11-25 00:00:30");
    assertThat(Times.span(a, c, false)).isEqualTo("2026-11-24 10:41–2026-11-25 00:00 UTC");
    assertThat(Times.stamp(c)).isEqualTo("2026-11-25 00:00:30 UTC");
    assertThat(Times.parse("not a time")).isNull();
  }

  @Test
  void timelineColoursRunFromPaleToRed() {
    assertThat(ReportPage.psiColour(0)).isEqualTo("#f4f6f8");
    assertThat(ReportPage.psiColour(0.25)).isEqualTo("#d7301f");
    assertThat(ReportPage.psiColour(3)).isEqualTo("#d7301f");
    assertThat(ReportPage.psiColour(0.1)).isEqualTo("#fdd49e");
    assertThat(ReportPage.psiColour(0.175)).isEqualTo("#fc8d59");
    assertThat(ReportPage.psiColour(-1)).isEqualTo("#f4f6f8");
    assertThat(ReportPage.shareColour(0.01)).isEqualTo("#fdd49e");
    assertThat(ReportPage.shareColour(0.2)).isEqualTo("#d7301f");
  }

  @Test
  void correlationsRunFromBlueThroughNearWhiteToRed() {
    assertThat(JointSection.divergingColour(-1)).isEqualTo("#2166ac");
    assertThat(JointSection.divergingColour(-0.6)).isEqualTo("#67a9cf");
    assertThat(JointSection.divergingColour(0)).isEqualTo("#f7f7f7");
    assertThat(JointSection.divergingColour(0.6)).isEqualTo("#ef8a62");
    assertThat(JointSection.divergingColour(1)).isEqualTo("#b2182b");
    // Halfway between the stops at 0.6 and 1; beyond ±1 the ends.
    assertThat(JointSection.divergingColour(0.8)).isEqualTo("#d15147");
    assertThat(JointSection.divergingColour(-3)).isEqualTo("#2166ac");
    assertThat(JointSection.divergingColour(3)).isEqualTo("#b2182b");
  }
}
