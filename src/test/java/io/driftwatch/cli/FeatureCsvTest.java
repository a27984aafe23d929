package io.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftwatch.core.data.CsvFormatException;
import io.driftwatch.core.model.ModelArtifact;
import io.driftwatch.testing.TrainedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV reading {@code predict --csv} (and {@code drift --csv}) share: rows in model order, ids passed through. */
class FeatureCsvTest {

  static final ModelArtifact MODEL = TrainedModels.diabetes();

  @TempDir Path dir;

  @Test
  void givesEachRowsFeaturesInModelOrderItsIdentifiersAndItsLine() throws IOException {
    Path file = Files.writeString(dir.resolve("visits.csv"),
        "s6,visit_id,age,sex,bmi,bp,s1,s2,s3,s4,s5,patient_id\n"
            + "\n"
            + "90,v-1,61,1,25.8,90,280,195.4,55,5,4.9972,p-17\n"
            + "87,v-2,59,2,32.1,101.0,157,93.2,38.0,4.0,4.8598,p-3\n");

    FeatureCsv csv = FeatureCsv.read(file, MODEL, List.of("visit_id"));

    assertThat(csv.source()).isEqualTo(file.toString());
    assertThat(csv.header()).containsExactly("s6", "visit_id", "age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4",
        "s5", "patient_id");
    assertThat(csv.passThroughColumns()).containsExactly("visit_id", "patient_id");
    assertThat(csv.rows()).hasSize(2);
    FeatureCsv.Row first = csv.rows().get(0);
    assertThat(first.line()).isEqualTo(3);
    assertThat(first.features()).containsExactly(61, 1, 25.8, 90, 280, 195.4, 55, 5, 4.9972, 90);
    assertThat(first.passThrough()).containsExactly("v-1", "p-17");
    assertThat(first.fields()).containsExactly("90", "v-1", "61", "1", "25.8", "90", "280", "195.4", "55", "5",
        "4.9972", "p-17");
    assertThat(csv.rows().get(1).line()).isEqualTo(4);
    assertThat(csv.rows().get(1).passThrough()).containsExactly("v-2", "p-3");
  }

  @Test
  void aBadCellIsAnExceptionNamingFileLineAndColumn() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.csv"),
        "patient_id,age,sex,bmi,bp,s1,s2,s3,s4,s5,s6\n"
            + "p-1,61,1,25.8,90,280,195.4,55,5,4.9972,90\n"
            + "p-2,61,2,25.8,12,280,195.4,55,5,4.9972,90\n");

    assertThatThrownBy(() -> FeatureCsv.read(file, MODEL, List.of()))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage(file + ", line 3, column 5 (bp): field 'bp' is 12, outside the accepted range [40, 250] mm Hg")
        .satisfies(e -> {
          CsvFormatException csv = (CsvFormatException) e;
          assertThat(csv.line()).isEqualTo(3);
          assertThat(csv.column()).isEqualTo("5 (bp)");
        });
  }

  @Test
  void aMissingFeatureColumnIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("short.csv"),
        "age,sex,bmi,bp,s1,s2,s3,s4,s5\n61,1,25.8,90,280,195.4,55,5,4.9972\n");
    assertThatThrownBy(() -> FeatureCsv.read(file, MODEL, List.of()))
        .hasMessage(file + ", line 1: no column for feature 's6'; the model's features are age, sex, bmi, bp, s1, s2,"
            + " s3, s4, s5, s6");
  }
}
