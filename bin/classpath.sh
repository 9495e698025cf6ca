# Sourced by the bin/ scripts. Two classpaths, one per build (docs/build.md):
#
#   rustmq_cli_classpath ROOT    the Java SDK (sdk/java): its classes and runtime libraries, as
#                                `mvn -f sdk/java package` builds them (every root `mvn package` or
#                                `mvn verify` also runs that build). The `rustmq` command runs on
#                                this alone: no server class or library is on it.
#   rustmq_bench_classpath ROOT  the server's classes, its test classes (the benchmarks in
#                                src/bench/java) and its test-scoped libraries (target/test-classpath.txt).
#
# Each builds what is missing or older than its sources. Main classes of the server are not
# rewritten when only a library list is stale: a running `mvn liberty:run` serves them (loose
# application) and would restart the application.

# True when a file under the given folders is newer than $1 (or $1 is missing).
_rustmq_stale() {
  local marker="$1"; shift
  [[ ! -s "$marker" ]] && return 0
  [[ -n "$(find "$@" -newer "$marker" -type f -print -quit 2>/dev/null)" ]]
}

rustmq_cli_classpath() {
  local sdk="$1/sdk/java"
  local cp_file="$sdk/target/client-classpath.txt"
  if [[ ! -f "$sdk/target/classes/dev/rustmq/cli/RustMqCommand.class" ]] \
      || _rustmq_stale "$cp_file" "$sdk/src/main" "$sdk/pom.xml"; then
    echo "rustmq: building the Java SDK (mvn -f sdk/java package) ..." >&2
    mvn -B -q -f "$sdk/pom.xml" -Dmaven.test.skip=true package >&2
  fi
  echo "$sdk/target/classes:$(cat "$cp_file")"
}

rustmq_bench_classpath() {
  local root="$1"
  local cp_file="$root/target/test-classpath.txt"
  if [[ ! -f "$root/target/test-classes/dev/rustmq/bench/BenchCommand.class" ]] \
      || _rustmq_stale "$root/target/test-classes/dev/rustmq/bench/BenchCommand.class" \
           "$root/src/main/java" "$root/src/bench" "$root/sdk/java/src/main"; then
    echo "rustmq-bench: compiling the server and its benchmarks (mvn process-test-classes) ..." >&2
    (cd "$root" && mvn -B -q -DskipTests process-test-classes >&2)
  elif _rustmq_stale "$cp_file" "$root/pom.xml"; then
    (cd "$root" && mvn -B -q -DskipTests process-test-classes -Dmaven.main.skip=true \
        -Dmaven.resources.skip=true >&2)
  fi
  echo "$root/target/test-classes:$root/target/classes:$(cat "$cp_file")"
}
