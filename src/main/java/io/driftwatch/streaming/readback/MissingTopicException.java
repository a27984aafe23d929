package io.driftwatch.streaming.readback;

/** The topic to read does not exist; the message names it. */
public final class MissingTopicException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String topic;

  public MissingTopicException(String topic) {
    super("topic " + topic + " does not exist");
    this.topic = topic;
  }

  public String topic() {
    return topic;
  }
}
