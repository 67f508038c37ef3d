# Builds and runs the platform. Used by docker-compose.yml; the tests do not need Docker.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN useradd --system --home /app assistant
WORKDIR /app
COPY --from=build /src/api/target/api-*.jar /app/assistant-core.jar
RUN mkdir -p /app/data && chown assistant /app/data
USER assistant
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/assistant-core.jar"]
