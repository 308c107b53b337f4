# shellcheck shell=sh
# Finds a JDK >= 25 for vectorgrad; sourced by ./mvnw and ./train (POSIX sh, safe under `set -euf`).
#
# vectorgrad: Maven itself must run on a JDK >= 25 (the modular jar step reads Java 25 class files), and so does the
# trainer, while `java` on the PATH may be older. vectorgrad_select_jdk keeps a suitable JAVA_HOME, else picks the
# newest JDK >= 25 from the usual install locations and exports it as JAVA_HOME, else stops the calling script with
# a message that says what is missing. MVNW_VERBOSE=true prints the choice.
vectorgrad_required_jdk=25
vectorgrad_jdk_major() {
  [ -f "$1/release" ] && [ -x "$1/bin/javac" ] || { echo 0; return; }
  sed -n 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1
}
vectorgrad_select_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ "$(vectorgrad_jdk_major "$JAVA_HOME")" -ge "$vectorgrad_required_jdk" ] 2>/dev/null; then
    return
  fi
  best="" best_major=0
  # the callers may run with globbing off (mvnw uses set -f): turn it on for the search, then restore it
  case $- in *f*) vectorgrad_noglob=1 ;; *) vectorgrad_noglob=0 ;; esac
  set +f
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] || continue
    major="$(vectorgrad_jdk_major "$candidate")"
    if [ "${major:-0}" -gt "$best_major" ] 2>/dev/null; then best="$candidate" best_major="$major"; fi
  done
  if [ "$vectorgrad_noglob" = 1 ]; then set -f; fi
  if [ "$best_major" -lt "$vectorgrad_required_jdk" ]; then
    printf %s\\n "vectorgrad needs a JDK >= $vectorgrad_required_jdk (for java.lang.foreign and jdk.incubator.vector), but JAVA_HOME='${JAVA_HOME-}' is not one and none was found under /usr/lib/jvm, /opt/java, ~/.sdkman or ~/.jdks. Install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    exit 1
  fi
  [ "${MVNW_VERBOSE-}" != true ] || printf %s\\n "vectorgrad: using JDK $best_major at $best"
  JAVA_HOME="$best"
  export JAVA_HOME
}
