/**
 * Plain Kafka consumers that read back what the service wrote (labelled events for {@code retrain}, drift reports for
 * {@code report}, models): committed records only, as the topic stands when reading starts.
 */
package io.driftwatch.streaming.readback;
