# The service image: runtime classpath only (no in-JVM broker jars), with the model trained at build time.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY src ./src
RUN mvn -q -B -DskipTests package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib \
 && java -cp "target/classes:target/lib/*" io.driftwatch.cli.DriftwatchCli train --out target/models/diabetes-lasso.json

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 driftwatch
WORKDIR /app
COPY --from=build /src/target/driftwatch.jar ./driftwatch.jar
COPY --from=build /src/target/lib ./lib
COPY --from=build /src/target/models ./models
COPY config ./config
# Class-data sharing: the classes a start of serve loads, parsed and verified once here and mapped by every start
# (Java 17's dynamic archive; it needs jars on the class path, hence driftwatch.jar). A start against no broker loads
# the configuration, the model, the topology and Kafka's clients, then stops on SIGTERM, which writes the archive.
RUN timeout -s TERM 20 java @/app/config/jvm.options -XX:ArchiveClassesAtExit=/app/driftwatch.jsa -Xlog:cds=off \
      -Xlog:cds+dynamic=off -cp "/app/driftwatch.jar:/app/lib/*" io.driftwatch.cli.DriftwatchCli serve \
      --bootstrap-servers localhost:1 --model /app/models/diabetes-lasso.json --metrics-port 0 >/dev/null 2>&1; \
    test -s /app/driftwatch.jsa
USER driftwatch
# Prometheus scrapes /metrics here; /health/live and /health/ready answer on the same port.
EXPOSE 9464
# The JRE image has no curl: a class of ours probes the liveness endpoint with the JDK's HTTP client.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["java", "-cp", "/app/driftwatch.jar", "io.driftwatch.cli.HealthProbe", "http://localhost:9464/health/live"]
# The launcher's JVM options (config/jvm.options, measured in docs/benchmarks.md). JAVA_TOOL_OPTIONS adds options; to
# change one the file sets, mount another /app/config/jvm.options.
ENTRYPOINT ["java", "@/app/config/jvm.options", "-XX:SharedArchiveFile=/app/driftwatch.jsa", "-Xlog:cds=off", \
  "-cp", "/app/driftwatch.jar:/app/lib/*", "io.driftwatch.cli.DriftwatchCli"]
CMD ["serve", "--config", "/app/config/driftwatch.properties", "--model", "/app/models/diabetes-lasso.json"]
