#!/usr/bin/env bash
# Runs the whole system on this machine: builds it, starts the local services (ElasticMQ with the product's
# queues, the simulated payment provider, DynamoDB Local with the order table, and redis-server for the sales'
# inventory) and both WARs in Liberty dev
# mode on http://localhost:9080.
# Stop with Ctrl+C (or q then Enter at dev mode's prompt); the local services stop with it.
#
# Environment: QUEUE_PORT (default 9324), PAYMENT_PORT (9325), DYNAMODB_PORT (9326), REDIS_PORT (6379), and any setting from
# docs/configuration.md, e.g. PROCESSOR_WORKERS=20 PAYMENT_LATENCY_MS=3000 PAYMENT_FAILURE_RATE=0.1
# ./run-local.sh (the payment settings reach the provider and Liberty alike).
set -euo pipefail
cd "$(dirname "$0")"

queue_port="${QUEUE_PORT:-9324}"
payment_port="${PAYMENT_PORT:-9325}"
dynamodb_port="${DYNAMODB_PORT:-9326}"
redis_port="${REDIS_PORT:-6379}"
log=target/local-services.log

mvn -B -q install -DskipTests
# The dev server's runtime, with the project's Liberty user feature (liberty-errors) that common.xml enables; dev
# mode below reuses both.
mvn -B -q -pl liberty-config liberty:create@dev-server dependency:unpack@liberty-extension
mkdir -p target
PAYMENT_PORT="$payment_port" DYNAMODB_PORT="$dynamodb_port" REDIS_PORT="$redis_port" \
    java -jar local-services/target/local-services-*-all.jar "$queue_port" >"$log" 2>&1 &
services=$!
trap 'kill "$services" 2>/dev/null; wait "$services" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
    if grep -q "local services ready" "$log"; then
        break
    fi
    if ! kill -0 "$services" 2>/dev/null; then
        echo "The local services did not start:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.5
done
cat "$log"

export AWS_ENDPOINT="http://localhost:${queue_port}"
export PAYMENT_PROVIDER_URL="${PAYMENT_PROVIDER_URL-http://localhost:${payment_port}}"
export AWS_DYNAMODB_ENDPOINT="http://localhost:${dynamodb_port}"
export SALES_REDIS_URI="${SALES_REDIS_URI-redis://127.0.0.1:${redis_port}}"
mvn -B liberty:dev
