# Sourced by ./scheduler and .ci/run: points JAVA_HOME at a JDK 25 (the Lambda java25 runtime's release).
# Keeps JAVA_HOME when it already is a 25; otherwise takes the first JDK 25 it finds.
jdk_is_25() { [ -x "$1/bin/javac" ] && "$1/bin/java" -version 2>&1 | grep -q 'version "25'; }

if [ -z "${JAVA_HOME:-}" ] || ! jdk_is_25 "$JAVA_HOME"; then
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    if jdk_is_25 "${candidate%/}"; then
      export JAVA_HOME="${candidate%/}"
      break
    fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || ! jdk_is_25 "$JAVA_HOME"; then
  echo "A JDK 25 is required (the Lambda java25 runtime): install one and set JAVA_HOME to it." >&2
  exit 64
fi
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 on JDK 25 warns about sun.misc.Unsafe on every build; the access is harmless.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
