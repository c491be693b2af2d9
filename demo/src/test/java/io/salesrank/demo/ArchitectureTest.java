package io.salesrank.demo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The demo runs the API in a JVM of its own: it never reaches into the read API's classes. */
class ArchitectureTest {

  @Test
  void theDemoUsesTheApiOnlyAsAProcess() {
    noClasses().that().resideInAPackage("io.salesrank.demo..").should().dependOnClassesThat()
        .resideInAPackage("io.salesrank.api..")
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.salesrank.demo"));
  }
}
