package org.vigil.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** The pure core stays pure: engine and knowledge never reach for Spring, JDBC, Kafka or a clock. */
class ArchitectureTest {
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.vigil.engine", "org.vigil.knowledge");

  @Test
  void theCoreImportsNoFrameworkJdbcOrKafka() {
    ArchRule rule = noClasses().that().resideInAnyPackage("org.vigil.engine..", "org.vigil.knowledge..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "org.springframework..", "java.sql..", "javax.sql..", "org.apache.kafka..", "org.jooq..",
            "org.postgresql..", "org.flywaydb..", "jakarta.servlet..", "ca.uhn.fhir..")
        .because("engine and knowledge are the pure core (docs/adr/0001-pure-core.md)");
    rule.check(CORE);
  }

  @Test
  void theCoreNeverReadsTheClock() {
    ArchRule rule = noClasses().that().resideInAnyPackage("org.vigil.engine..", "org.vigil.knowledge..")
        .should().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(java.time.LocalDate.class, "now")
        .orShould().callMethod(java.time.Clock.class, "systemUTC")
        .because("time enters the core as an argument, so every result can be replayed");
    rule.check(CORE);
  }

  @Test
  void theCoreDependsOnNoOtherVigilModule() {
    ArchRule rule = noClasses().that().resideInAnyPackage("org.vigil.engine..", "org.vigil.knowledge..")
        .should().dependOnClassesThat().resideInAnyPackage("org.vigil.server..", "org.vigil.sim..",
            "org.vigil.bench..", "org.vigil.stream..");
    rule.check(CORE);
  }

  @Test
  void knowledgeDoesNotDependOnTheEngine() {
    noClasses().that().resideInAPackage("org.vigil.knowledge..")
        .should().dependOnClassesThat().resideInAPackage("org.vigil.engine..")
        .check(CORE);
  }
}
