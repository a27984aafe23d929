package io.driftwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "train", mixinStandardHelpOptions = true, description = "Trains the notebook's models and writes the LASSO model artifact.")
public final class TrainCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("train: not implemented yet");
    return 2;
  }
}
