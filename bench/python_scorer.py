#!/usr/bin/python3
"""The scorer a data scientist would write instead of driftwatch: a measuring stick for `./driftwatch bench`, not product.

confluent-kafka (Debian's python3-confluent-kafka) consumes patient events in batches of up to 1 000, scikit-learn's
Lasso (python3-sklearn) predicts each batch in one call (one BLAS thread), and the same prediction JSON as driftwatch's
(prediction and per-feature contributions, 6 decimals) goes to the predictions topic, keyed by patient_id, at least
once. The model comes from driftwatch's artifact: scaler mean/scale, coefficients and intercept on standardized inputs.

Run with Debian's interpreter (/usr/bin/python3: a pyenv python3 on PATH does not see dist-packages):
  OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 bench/python_scorer.py \
      --bootstrap-servers localhost:9092 --model models/diabetes-lasso.json [--max-events N]
Prints one line of JSON at the end: events, seconds, first_output_seconds.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
from confluent_kafka import Consumer, Producer  # noqa: E402
from sklearn.linear_model import Lasso  # noqa: E402


def load_model(path):
    with open(path, encoding="utf-8") as f:
        artifact = json.load(f)
    names = [feature["name"] for feature in artifact["features"]]
    mean = np.array(artifact["scaler"]["mean"], dtype=float)
    scale = np.array(artifact["scaler"]["scale"], dtype=float)
    lasso = Lasso(alpha=artifact["model"]["alpha"])
    lasso.coef_ = np.array(artifact["model"]["coefficients"], dtype=float)
    lasso.intercept_ = float(artifact["model"]["intercept"])
    lasso.n_features_in_ = len(names)
    return artifact["model_version"], names, mean, scale, lasso


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap-servers", default="localhost:9092")
    parser.add_argument("--model", default="models/diabetes-lasso.json")
    parser.add_argument("--input", default="patient-features")
    parser.add_argument("--output", default="predictions-python")
    parser.add_argument("--group", default="python-scorer")
    parser.add_argument("--max-events", type=int, default=0, help="stop after this many events (0: never)")
    args = parser.parse_args()

    version, names, mean, scale, lasso = load_model(args.model)
    consumer = Consumer({"bootstrap.servers": args.bootstrap_servers, "group.id": args.group,
                         "auto.offset.reset": "earliest", "enable.auto.commit": True})
    producer = Producer({"bootstrap.servers": args.bootstrap_servers, "linger.ms": 5,
                         "batch.size": 262144, "acks": "all"})
    consumer.subscribe([args.input])
    start = time.monotonic()
    first_output = None
    done = 0
    try:
        while args.max_events == 0 or done < args.max_events:
            messages = consumer.consume(num_messages=1000, timeout=1.0)
            events = []
            for message in messages:
                if message.error():
                    continue
                try:
                    events.append(json.loads(message.value()))
                except ValueError:
                    continue  # a real scorer would dead-letter it; the bench sends none
            if not events:
                continue
            x = np.array([[e[name] for name in names] for e in events], dtype=float)
            z = (x - mean) / scale
            predictions = lasso.predict(z)
            contributions = z * lasso.coef_
            for e, prediction, row in zip(events, predictions, contributions):
                value = {"event_id": e.get("event_id"), "patient_id": e["patient_id"],
                         "event_time": e.get("event_time"), "prediction": round(float(prediction), 6),
                         "model_version": version,
                         "contributions": {n: round(float(c), 6) for n, c in zip(names, row)}}
                payload = json.dumps(value, separators=(",", ":"))
                while True:
                    try:
                        producer.produce(args.output, key=e["patient_id"], value=payload)
                        break
                    except BufferError:  # librdkafka's local queue is full: let it send, then retry
                        producer.poll(0.05)
            producer.poll(0)
            if first_output is None:
                first_output = time.monotonic() - start
            done += len(events)
    finally:
        producer.flush()
        consumer.close()
    print(json.dumps({"events": done, "seconds": time.monotonic() - start, "first_output_seconds": first_output}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
