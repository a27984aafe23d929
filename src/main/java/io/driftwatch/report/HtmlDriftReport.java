package io.driftwatch.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** TEMPORARY STUB (lead): replaced by the htmlrep branch's renderer. */
public final class HtmlDriftReport {
  private HtmlDriftReport() {}

  public static String render(List<? extends JsonNode> reports, ReportSource source) {
    return "<html><body>" + reports.size() + " reports</body></html>";
  }
}
