package org.vigil.sim;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Generation is pure and replayable; only the load generator talks to the network or reads the clock. */
class SimArchitectureTest {
  private static final JavaClasses SIM = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.vigil.sim");
  /** LoadGenerator, its nested classes, LoadOptions and LoadReport: the shell. */
  private static final String LOAD_GENERATOR = "org\\.vigil\\.sim\\.Load.*";

  @Test
  void onlyTheLoadGeneratorDoesIo() {
    noClasses().that().resideInAPackage("org.vigil.sim..")
        .and().haveNameNotMatching(LOAD_GENERATOR)
        .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.io..", "java.nio.file..")
        .check(SIM);
  }

  @Test
  void generationNeverReadsTheClock() {
    noClasses().that().resideInAPackage("org.vigil.sim..")
        .and().haveNameNotMatching(LOAD_GENERATOR)
        .should().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(java.time.LocalDate.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .check(SIM);
  }

  @Test
  void simStaysOutOfTheServerAndFrameworks() {
    noClasses().that().resideInAPackage("org.vigil.sim..")
        .should().dependOnClassesThat().resideInAnyPackage("org.vigil.server..", "org.springframework..",
            "java.sql..", "javax.sql..")
        .check(SIM);
  }
}
