package io.driftwatch.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

  @TempDir Path dir;

  @Test
  void bundledDiabetesHas442PatientsInRawUnits() {
    Dataset data = Dataset.loadBundledDiabetes();
    assertThat(data.size()).isEqualTo(442);
    assertThat(data.name()).isEqualTo("diabetes");
    assertThat(data.source()).isEqualTo("bundled:diabetes.csv");
    assertThat(data.featureNames()).containsExactly("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6");
    assertThat(data.targetName()).isEqualTo("progression");
    assertThat(data.row(0)).containsExactly(59, 2, 32.1, 101.0, 157, 93.2, 38.0, 4.0, 4.8598, 87);
    assertThat(data.target()[0]).isEqualTo(151);
    assertThat(data.rows()).hasNumberOfRows(442);
  }

  @Test
  void accessorsReturnCopies() {
    Dataset data = Dataset.loadBundledDiabetes();
    data.rows()[0][0] = -1;
    data.target()[0] = -1;
    assertThat(data.row(0)[0]).isEqualTo(59);
    assertThat(data.target()[0]).isEqualTo(151);
  }

  @Test
  void loadsAnyCsvWithTheTargetAnywhere() throws IOException {
    Path csv = Files.writeString(dir.resolve("patients.csv"), "y,a,b\n1.5,2,3\n\n\"4\", 5 ,6e1\r\n");
    Dataset data = Dataset.load(csv, "y");
    assertThat(data.name()).isEqualTo("patients");
    assertThat(data.source()).isEqualTo(csv.toString());
    assertThat(data.featureNames()).containsExactly("a", "b");
    assertThat(data.rows()).isDeepEqualTo(new double[][] {{2, 3}, {5, 60}});
    assertThat(data.target()).containsExactly(1.5, 4);
  }

  @Test
  void selectKeepsTheGivenOrder() {
    Dataset picked = Dataset.loadBundledDiabetes().select(new int[] {2, 0});
    assertThat(picked.size()).isEqualTo(2);
    assertThat(picked.row(1)[0]).isEqualTo(59);
  }

  @Test
  void missingTargetColumnIsNamed() throws IOException {
    Path csv = write("a,b\n1,2\n");
    assertThatThrownBy(() -> Dataset.load(csv, "progression"))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage(csv + ", line 1: no target column 'progression' in the header [a, b]");
  }

  @Test
  void nonNumericCellNamesLineAndColumn() throws IOException {
    Path csv = write("a,b,y\n1,2,3\n4,abc,6\n");
    assertThatThrownBy(() -> Dataset.load(csv, "y"))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage(csv + ", line 3, column 2 (b): 'abc' is not a number")
        .satisfies(e -> {
          CsvFormatException csvError = (CsvFormatException) e;
          assertThat(csvError.line()).isEqualTo(3);
          assertThat(csvError.column()).isEqualTo("2 (b)");
          assertThat(csvError.source()).isEqualTo(csv.toString());
        });
  }

  @Test
  void nonFiniteAndEmptyCellsAreRefused() throws IOException {
    assertThatThrownBy(() -> Dataset.load(write("a,y\nNaN,1\n"), "y"))
        .hasMessageEndingWith("line 2, column 1 (a): field 'a' is NaN, not a finite number");
    assertThatThrownBy(() -> Dataset.load(write("a,y\n1,-Infinity\n"), "y"))
        .hasMessageEndingWith("line 2, column 2 (y): field 'y' is -Infinity, not a finite number");
    assertThatThrownBy(() -> Dataset.load(write("a,y\n1e999,1\n"), "y"))
        .hasMessageEndingWith("line 2, column 1 (a): field 'a' is 1e999, too large for a double");
    assertThatThrownBy(() -> Dataset.load(write("a,y\n1,2\n,3\n"), "y"))
        .hasMessageEndingWith("line 3, column 1 (a): empty cell, a number is required");
    assertThatThrownBy(() -> Dataset.load(write("a,y\n0x10,1\n"), "y"))
        .hasMessageEndingWith("line 2, column 1 (a): '0x10' is not a number");
  }

  @Test
  void raggedRowIsNamedByLine() throws IOException {
    Path csv = write("a,b,y\n1,2,3\n4,5\n");
    assertThatThrownBy(() -> Dataset.load(csv, "y"))
        .hasMessage(csv + ", line 3: has 2 fields but the header has 3");
  }

  @Test
  void emptyFileAndHeaderOnlyAreRefused() throws IOException {
    Path empty = write("");
    assertThatThrownBy(() -> Dataset.load(empty, "y")).hasMessage(empty + ": is empty (expected a header line)");
    Path blank = write("\n  \n");
    assertThatThrownBy(() -> Dataset.load(blank, "y")).hasMessage(blank + ": is empty (expected a header line)");
    Path headerOnly = write("a,y\n");
    assertThatThrownBy(() -> Dataset.load(headerOnly, "y")).hasMessage(headerOnly + ": has a header but no data rows");
  }

  @Test
  void headerProblemsAreNamed() throws IOException {
    Path duplicate = write("a,b,a,y\n1,2,3,4\n");
    assertThatThrownBy(() -> Dataset.load(duplicate, "y"))
        .hasMessage(duplicate + ", line 1, column 3 (a): duplicate column name, also column 1");
    Path unnamed = write("a,,y\n1,2,3\n");
    assertThatThrownBy(() -> Dataset.load(unnamed, "y"))
        .hasMessage(unnamed + ", line 1, column 2: empty column name in the header");
    Path targetOnly = write("y\n1\n");
    assertThatThrownBy(() -> Dataset.load(targetOnly, "y"))
        .hasMessage(targetOnly + ", line 1: no feature columns besides the target 'y'");
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("nope.csv");
    assertThatThrownBy(() -> Dataset.load(missing, "y"))
        .isInstanceOf(CsvFormatException.class)
        .hasMessage(missing + ": no such file");
  }

  private int files;

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("case" + (++files) + ".csv"), text);
  }
}
