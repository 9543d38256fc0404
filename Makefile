# Thin wrappers: the logic lives in Maven and in scripts/.
.PHONY: demo test build fmt bench deps clean crds fuzz experiment

# The main job, on an embedded default: start what exists and print where it listens.
demo:
	@scripts/demo.sh

# The whole test suite, installing first whatever the tests need and the machine lacks.
test: deps
	mvn -B verify

build:
	mvn -B -q -DskipTests package

fmt:
	mvn -B -q spotless:apply

# The whole-bridge load benchmark (load generator, kernel forwarder baseline) and a JMH subset;
# results go to target/bench/ and are summarised in docs/benchmarks.md.
bench:
	@scripts/bench.sh

fuzz:
	@scripts/fuzz.sh

# Cascade versus star with real browsers; see docs/experiments/cascade-vs-star.md.
experiment:
	@scripts/experiment.sh

deps:
	@scripts/install-test-deps.sh

clean:
	mvn -B -q clean

# Regenerates crds/ from the operator's Java model (operator/api); commit the result.
crds:
	mvn -B -q -pl operator/api -am test -Dtest=CrdsAreCurrentTest -Dsurefire.failIfNoSpecifiedTests=false -Doctopod.crds.write=true
