package io.salesrank.loader;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The loader's command line sits on the pushes and the loader, the pushes on the loader, never the other way; no package cycles. */
class ArchitectureTest {

  private static final JavaClasses LOADER = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.salesrank.loader");

  @Test
  void theCommandLineSitsOnTheLoader() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("cli").definedBy("io.salesrank.loader.cli..")
        .layer("push").definedBy("io.salesrank.loader.push..")
        .layer("loader").definedBy("io.salesrank.loader")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("push").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("loader").mayOnlyBeAccessedByLayers("cli", "push")
        .check(LOADER);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.salesrank.(**)").should().beFreeOfCycles().check(LOADER);
  }
}
