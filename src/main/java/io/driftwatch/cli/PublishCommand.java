package io.driftwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "publish", mixinStandardHelpOptions = true, description = "Publishes a model artifact to the models topic; running instances switch to it.")
public final class PublishCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.err.println("publish: not implemented yet");
    return 2;
  }
}
