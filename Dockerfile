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
COPY --from=build /src/target/classes ./classes
COPY --from=build /src/target/lib ./lib
COPY --from=build /src/target/models ./models
COPY config ./config
USER driftwatch
ENTRYPOINT ["java", "-cp", "/app/classes:/app/lib/*", "io.driftwatch.cli.DriftwatchCli"]
CMD ["serve", "--config", "/app/config/driftwatch.properties", "--model", "/app/models/diabetes-lasso.json"]
