# Sourced by ./tileindex, ./run-tests and .ci/run: sets TILEINDEX_JDK to a JDK 25 (the project's
# one JDK; the Maven enforcer rejects any other). Honors JAVA_HOME when it is a JDK 25.
jdk_is_25() { [ -x "$1/bin/java" ] && "$1/bin/java" -version 2>&1 | head -1 | grep -q '"25'; }
TILEINDEX_JDK=""
for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25*; do
  if [ -n "$c" ] && jdk_is_25 "$c"; then TILEINDEX_JDK="$c"; break; fi
done
if [ -z "$TILEINDEX_JDK" ]; then
  echo "tileindex: no JDK 25 found (looked at \$JAVA_HOME and /usr/lib/jvm/temurin-25*). Install Temurin 25." >&2
  exit 3
fi
export TILEINDEX_JDK
