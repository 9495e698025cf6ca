# Sourced by bin/rustmq and bin/bench-storage: prints the runtime classpath of rustmq-server
# (its classes, rustmq-client's classes and every library jar). Compiles when the classes are
# missing; the library list is computed once by Maven and cached in
# rustmq-server/target/runtime-classpath.txt (recomputed when a pom.xml is newer). Every build of
# rustmq-server also writes that file, so bin/rustmq runs no Maven after one (integration tests).
rustmq_classpath() {
  local root="$1" server="$1/rustmq-server"
  local cp_file="$server/target/runtime-classpath.txt"
  if [[ ! -f "$server/target/classes/dev/rustmq/cli/RustMqCommand.class" \
        || ! -d "$root/rustmq-client/target/classes/dev/rustmq/client" ]]; then
    (cd "$root" && mvn -B -q -pl rustmq-server -am compile >&2)
  fi
  if [[ ! -s "$cp_file" || "$root/pom.xml" -nt "$cp_file" || "$server/pom.xml" -nt "$cp_file" \
        || "$root/rustmq-client/pom.xml" -nt "$cp_file" ]]; then
    # In the reactor rustmq-client resolves to its target/classes, so nothing needs installing
    # (test-compile: the goal also resolves the test-scoped rustmq-client test classes). Main
    # classes and resources are left alone: a running `mvn liberty:run` serves them (loose
    # application) and would restart the application if they were written again.
    (cd "$root" && mvn -B -q -pl rustmq-server -am test-compile dependency:build-classpath \
        -Dmaven.main.skip=true -Dmaven.resources.skip=true \
        -Dmdep.outputFile=target/runtime-classpath.txt -DincludeScope=runtime >&2)
  fi
  # rustmq-client's classes first: a file written by a packaging build names its jar, maybe older.
  echo "$server/target/classes:$root/rustmq-client/target/classes:$(cat "$cp_file")"
}
