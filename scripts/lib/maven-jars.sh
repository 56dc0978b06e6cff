# Sourced by scripts/jena and scripts/robot: a Java tool's runtime jars, fetched once from Maven
# Central into a cache outside the repository (no jar is committed), and a JVM run over them.

die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# maven_jars LIB REV LABEL DEPENDENCY_XML: fill LIB with the jars DEPENDENCY_XML (one or more
# <dependency> elements) needs at run time, unless LIB holds them already at revision REV.
maven_jars() {
  local lib=$1 rev=$2 label=$3 deps=$4
  [ -f "$lib/.complete" ] && [ "$(cat "$lib/.complete")" = "$rev" ] && return 0
  command -v mvn >/dev/null || die "mvn is not installed (Maven 3 and Java 17 are needed)"
  command -v java >/dev/null || die "java is not installed (Java 17 is needed)"
  mkdir -p "$(dirname "$lib")"
  cat >"$lib.pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.digestkg</groupId>
  <artifactId>tool-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
$deps
  </dependencies>
</project>
POM
  echo "fetching $label from Maven Central into $lib (the first time takes a minute)" >&2
  rm -rf "$lib.partial"
  mvn -B -q -Dstyle.color=never -f "$lib.pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$lib.partial" || die "Maven could not fetch $label"
  rm -rf "$lib" && mv "$lib.partial" "$lib" && echo "$rev" >"$lib/.complete"
}

# java_run LIB HEAP CLASS ARGS...: run CLASS on LIB's jars (short runs: C1 alone and the serial
# collector start fastest; the slf4j-simple logger writes to standard error).
java_run() {
  local lib=$1 heap=$2 cls=$3
  shift 3
  exec java -Xmx"$heap" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dfile.encoding=UTF-8 \
    -Dorg.slf4j.simpleLogger.logFile=System.err -Dorg.slf4j.simpleLogger.showThreadName=false \
    -cp "$lib/*" "$cls" "$@"
}
