package io.driftwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Starts an in-JVM Kafka broker, the service and the simulator.")
public final class DemoCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("demo: not implemented yet");
    return 2;
  }
}
