package io.driftwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void aggregationsFunctionsLabelListsAndMatchersAreNotMetrics() {
    assertThat(PromQl.metricNames(
        "sum by (le) (rate(driftwatch_event_processing_seconds_bucket{instance=~\"a|b\", le!=\"+Inf\"}"
            + "[$__rate_interval]))"))
        .containsExactly("driftwatch_event_processing_seconds_bucket");
    assertThat(PromQl.metricNames("histogram_quantile(0.99, sum without(instance, job)(rate(foo_bucket[5m])))"))
        .containsExactly("foo_bucket");
    assertThat(PromQl.metricNames("sum(rate(requests_total[1m])) by (code) / count(up) without (job)"))
        .containsExactly("requests_total", "up");
  }

  @Test
  void vectorMatchingKeywordsAndTheirLabelListsAreSkipped() {
    assertThat(PromQl.metricNames("""
        sum by (reason) (rate(driftwatch_records_total{outcome="dead_lettered"}[5m]))
        / ignoring (reason) group_left sum(rate(driftwatch_records_total[5m])) > 0.05"""))
        .containsExactly("driftwatch_records_total");
    assertThat(PromQl.metricNames("""
        max by (feature) (driftwatch_drift_flag) == 1
        and on (feature) max by (feature) (abs(driftwatch_drift_prediction_shift)) > bool 0"""))
        .containsExactly("driftwatch_drift_flag", "driftwatch_drift_prediction_shift");
    assertThat(PromQl.metricNames("max by (detector, feature) (stat) / on (detector) group_left (feature) "
        + "max by (detector) (threshold) unless ignoring(x) other or on() vector(1)"))
        .containsExactly("other", "stat", "threshold");
  }

  @Test
  void stringsNumbersDurationsOffsetsCommentsAndVariablesAreSkipped() {
    assertThat(PromQl.metricNames("""
        (time() - max(driftwatch_drift_window_end_timestamp_seconds offset 5m) > 600) # older than m2
        or (absent(window_end) and on () (sum(up{job="driftwatch"}) > 0))"""))
        .containsExactly("driftwatch_drift_window_end_timestamp_seconds", "up", "window_end");
    assertThat(PromQl.metricNames("label_replace(m1, \"dst\", \"$1 m3\", \"src\", \"(.*)\") * 1e3 + 0x1F - Inf"
        + " + NaN * m2 @ start() + 1h30m"))
        .containsExactly("m1", "m2");
    assertThat(PromQl.metricNames("count_values(\"version\", build_info) + max_over_time(rate(c_total[1m])[10m:30s])"
        + " + topk(3, g{feature=~\"$feature\"}) + h offset $__interval + k{l=\"${feature}\"}"))
        .containsExactly("build_info", "c_total", "g", "h", "k");
  }

  @Test
  void aNameMatcherNamesTheMetricAndKeywordLikeNamesAreMetrics() {
    assertThat(PromQl.metricNames("{__name__=\"quoted_metric\", job=\"x\"} + on_call_total + by_reason + sum_total"))
        .containsExactly("by_reason", "on_call_total", "quoted_metric", "sum_total");
    assertThat(PromQl.metricNames("namespace:rule_total:rate5m * 2")).containsExactly("namespace:rule_total:rate5m");
  }

  @Test
  void anUnbalancedExpressionIsRefused() {
    assertThatThrownBy(() -> PromQl.metricNames("sum(rate(x{a=\"b\"[5m]))"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unbalanced");
  }

  @Test
  void histogramAndSummarySeriesMapToTheirFamilyWhenTheScrapeSaysSo() {
    String scrape = """
        # HELP driftwatch_prediction predictions
        # TYPE driftwatch_prediction histogram
        driftwatch_prediction_bucket{le="25.0"} 1
        driftwatch_prediction_count 1
        driftwatch_prediction_sum 20
        # TYPE jvm_gc_pause_seconds summary
        jvm_gc_pause_seconds_count 1
        # TYPE system_cpu_count gauge
        system_cpu_count 2
        # TYPE driftwatch_records_total counter
        driftwatch_records_total 5
        """;
    assertThat(PromQl.family("driftwatch_prediction_bucket", scrape)).isEqualTo("driftwatch_prediction");
    assertThat(PromQl.family("driftwatch_prediction_sum", scrape)).isEqualTo("driftwatch_prediction");
    assertThat(PromQl.family("jvm_gc_pause_seconds_count", scrape)).isEqualTo("jvm_gc_pause_seconds");
    assertThat(PromQl.family("jvm_gc_pause_seconds_bucket", scrape)).isNull();
    assertThat(PromQl.family("system_cpu_count", scrape)).isEqualTo("system_cpu_count");
    assertThat(PromQl.family("driftwatch_records_total", scrape)).isEqualTo("driftwatch_records_total");
    assertThat(PromQl.family("driftwatch_records", scrape)).isNull();
    assertThat(PromQl.family("driftwatch_missing_count", scrape)).isNull();
  }
}
