package io.driftwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "predict", mixinStandardHelpOptions = true, description = "Scores raw clinical units with a model artifact.")
public final class PredictCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("predict: not implemented yet");
    return 2;
  }
}
