package io.driftwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Produces realistic patient events (and later their outcomes) to Kafka.")
public final class SimulateCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("simulate: not implemented yet");
    return 2;
  }
}
