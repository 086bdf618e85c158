#!/usr/bin/env bash
# Runs the fetcher benchmark (functions/src/test/java/.../bench/FetcherBenchmark.java) and prints its table
# of measured figures against targets. Needs a JDK 25, Maven and node; takes a few minutes on 2 cores.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

source "$root/tools/jdk25.sh"

# dynalite (the DynamoDB emulator) comes from the root package.json; -DskipTests below skips the
# build's own npm step, so install it here when it is missing.
if [[ ! -d "$root/node_modules" ]]; then
  (cd "$root" && npm install --no-audit --no-fund)
fi

# Maven's own output goes to stderr, so stdout carries only the benchmark's table.
(cd "$root" && mvn -B -q -DskipTests test-compile) >&2

classpath_file="$(mktemp)"
trap 'rm -f "$classpath_file"' EXIT
(cd "$root/functions" && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$classpath_file" \
  -Dmdep.includeScope=test) >&2

cd "$root"
exec_cp="functions/target/test-classes:functions/target/classes:$(cat "$classpath_file")"
java -Dproject.root="$root" -cp "$exec_cp" kr.publicdata.scheduler.bench.FetcherBenchmark
