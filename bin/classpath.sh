# Sourced by the bin/ scripts. Two classpaths, one per build (docs/build.md):
#
#   rustmq_cli_classpath ROOT    the Java SDK (sdk/java): its jar and runtime libraries, as
#                                `mvn -f sdk/java package` builds them (every root `mvn package` or
#                                `mvn verify` also runs that build). The `rustmq` command runs on
#                                this alone: no server class or library is on it.
#   rustmq_bench_classpath ROOT  the server's classes, its test classes (the benchmarks in
#                                src/bench/java) and its test-scoped libraries (target/test-classpath.txt).
#
# Each builds what is missing or older than its sources, then touches its marker (the SDK jar; a
# stamp in target/), so an up-to-date tree runs no Maven.

# True when $1 is missing or a file under the other arguments is newer than it.
_rustmq_stale() {
  local marker="$1"; shift
  [[ ! -e "$marker" ]] && return 0
  [[ -n "$(find "$@" -newer "$marker" -type f -print -quit 2>/dev/null)" ]]
}

rustmq_cli_classpath() {
  local sdk="$1/sdk/java"
  local jar
  jar="$(ls "$sdk"/target/rustmq-client-*.jar 2>/dev/null | head -n 1)"
  if [[ -z "$jar" || ! -s "$sdk/target/client-classpath.txt" ]] || _rustmq_stale "$jar" "$sdk/src/main" "$sdk/pom.xml"; then
    echo "rustmq: building the Java SDK (mvn -f sdk/java package) ..." >&2
    mvn -B -q -f "$sdk/pom.xml" -Dmaven.test.skip=true package >&2
    jar="$(ls "$sdk"/target/rustmq-client-*.jar | head -n 1)"
    touch "$jar"   # the jar is not rewritten when nothing changed
  fi
  echo "$jar:$(cat "$sdk/target/client-classpath.txt")"
}

rustmq_bench_classpath() {
  local root="$1"
  local stamp="$root/target/bench-classpath.stamp"
  if [[ ! -f "$root/target/test-classes/dev/rustmq/bench/BenchCommand.class" ]]; then
    echo "rustmq-bench: compiling the server and its benchmarks (mvn process-test-classes) ..." >&2
    (cd "$root" && mvn -B -q -DskipTests process-test-classes >&2)
    touch "$stamp"
  elif [[ ! -s "$root/target/test-classpath.txt" ]] || _rustmq_stale "$stamp" "$root/src/main/java" \
      "$root/src/bench" "$root/sdk/java/src/main" "$root/pom.xml"; then
    echo "rustmq-bench: bringing the server's classes up to date (mvn process-test-classes) ..." >&2
    (cd "$root" && mvn -B -q -DskipTests process-test-classes >&2)
    touch "$stamp"
  fi
  echo "$root/target/test-classes:$root/target/classes:$(cat "$root/target/test-classpath.txt")"
}
