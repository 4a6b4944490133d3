package org.vigil.server.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How many inputs each fuzz property tries and from which seed, read from system properties so CI runs a short,
 * fixed run and a person can run a long one without editing code (docs/fuzzing.md):
 * {@code -Dvigil.fuzz.tries=20000 -Dvigil.fuzz.seed=...}.
 */
public class FuzzSettings implements AroundPropertyHook {
  /** Inputs per endpoint when nothing is said (the pom passes its own default). */
  static final int DEFAULT_TRIES = 400;
  /** The seed when nothing is said: a fixed one, so a CI failure reproduces. */
  static final String DEFAULT_SEED = "20261122";

  static int tries() {
    String s = System.getProperty("vigil.fuzz.tries", "");
    return s.isBlank() ? DEFAULT_TRIES : Integer.parseInt(s.strip());
  }

  static String seed() {
    String s = System.getProperty("vigil.fuzz.seed", "");
    return s.isBlank() ? DEFAULT_SEED : s.strip();
  }

  /** Declared on the test class, the hook applies to each of its properties. */
  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    context.attributes().setTries(tries());
    context.attributes().setSeed(seed());
    System.out.printf("fuzz: %s with %d tries, seed %s%n", context.label(), tries(), seed());
    return property.execute();
  }
}
