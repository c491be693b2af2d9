package io.salesrank.api;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * dropwizard-example's layout, one direction only: the application wires resources and health checks,
 * which use the database access, which fills the domain; the wire types are the resources' alone.
 */
class ArchitectureTest {

  private static final JavaClasses API = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.salesrank.api");

  @Test
  void layersRunOneWay() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("application").definedBy("io.salesrank.api")
        .layer("resources").definedBy("io.salesrank.api.resources..")
        .layer("health").definedBy("io.salesrank.api.health..")
        .layer("db").definedBy("io.salesrank.api.db..")
        .layer("core").definedBy("io.salesrank.api.core..")
        .layer("wire").definedBy("io.salesrank.api.api..")
        .whereLayer("application").mayNotBeAccessedByAnyLayer()
        .whereLayer("resources").mayOnlyBeAccessedByLayers("application")
        .whereLayer("health").mayOnlyBeAccessedByLayers("application")
        .whereLayer("db").mayOnlyBeAccessedByLayers("application", "resources", "health")
        .whereLayer("core").mayOnlyBeAccessedByLayers("application", "resources", "health", "db")
        .whereLayer("wire").mayOnlyBeAccessedByLayers("application", "resources")
        .check(API);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.salesrank.(**)").should().beFreeOfCycles().check(API);
  }
}
