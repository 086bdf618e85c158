#!/usr/bin/env bash
# cdk.json's "app": builds the functions jar and the CDK app when their sources changed, then runs the app.
# Needs a JDK 25, Maven and Node (jsii); no AWS credentials (the stack is environment-agnostic).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source tools/jdk25.sh

classpath=infra-cdk/target/app-classpath.txt
jar=functions/target/functions-lambda.jar
if [ ! -f "$classpath" ] || [ ! -f "$jar" ] \
   || [ -n "$(find functions/src/main infra-cdk/src/main statemachine pom.xml functions/pom.xml infra-cdk/pom.xml \
                -newer "$classpath" -print -quit)" ]; then
  echo "building the functions jar and the CDK app (mvn package)..." >&2
  mvn -B -q -ntp -Dstyle.color=never -DskipTests package >&2
  # build-classpath leaves an unchanged file untouched; mark it fresh so the next synth skips the build.
  touch "$classpath"
fi
# The deprecation notices come from inside aws-cdk-lib (its own grants), not from this app.
export JSII_DEPRECATED="${JSII_DEPRECATED:-quiet}"
exec java -cp "infra-cdk/target/classes:$(cat "$classpath")" -Dproject.root="$ROOT" \
  kr.publicdata.scheduler.infra.SchedulerApp
