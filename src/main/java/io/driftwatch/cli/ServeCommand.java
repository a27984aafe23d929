package io.driftwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Runs the scoring and drift-monitoring service against existing brokers.")
public final class ServeCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("serve: not implemented yet");
    return 2;
  }
}
