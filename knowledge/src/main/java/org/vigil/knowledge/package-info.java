/**
 * Clinical content as cited data: the typed model of Vigil's YAML knowledge and the loader that validates it.
 * Pure Java; depends on nothing of Vigil's and on no framework (Jackson and UCUM only).
 */
package org.vigil.knowledge;
