package io.salesrank.migrations;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The lowest module: what every other module shares depends on none of them. */
class ArchitectureTest {

  @Test
  void theSharedPackageDependsOnNoOtherModule() {
    noClasses().that().resideInAPackage("io.salesrank.shared..").should().dependOnClassesThat()
        .resideInAnyPackage("io.salesrank.mr..", "io.salesrank.loader..", "io.salesrank.api..", "io.salesrank.demo..")
        .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.salesrank.shared"));
  }
}
