/**
 * The monitor: patient state + reading + time -> new state + findings. Rules are compiled from the
 * knowledge YAML into a few sealed kinds. Pure and deterministic; replaying readings rebuilds any state.
 */
package org.vigil.engine.monitor;
