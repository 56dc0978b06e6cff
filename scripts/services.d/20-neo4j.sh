# Sourced by scripts/test: fetch (cached) and start the bundled Neo4j for the tests, stop it on exit.
# The tests read KG_NEO4J_*; with CI set, a Neo4j test that cannot reach the server fails.
# Set KG_NEO4J_URI yourself to test against another server: then none is started here.
if [ -z "${KG_NEO4J_URI:-}" ]; then
  export KG_NEO4J_PORT=${KG_NEO4J_PORT:-7697}  # not 7687: leave a server of your own alone
  scripts/neo4j start
  trap 'scripts/neo4j stop' EXIT
  eval "$(scripts/neo4j env)"
fi
