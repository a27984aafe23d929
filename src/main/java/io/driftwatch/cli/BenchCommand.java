package io.driftwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measures throughput of the scoring topology against a pass-through topology.")
public final class BenchCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("bench: not implemented yet");
    return 2;
  }
}
