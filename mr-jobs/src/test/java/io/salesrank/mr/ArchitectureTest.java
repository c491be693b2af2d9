package io.salesrank.mr;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import org.junit.jupiter.api.Test;

/**
 * The jobs' packages follow the data, one direction only (see the root package-info):
 * cli -> pipeline -> state -> top -> sum -> ranking -> {tree, variants, rules} -> input -> root, with generate and
 * ingest beside the pipeline for cli alone; and no package cycle anywhere.
 */
class ArchitectureTest {

  private static final String MR = "io.salesrank.mr";

  /** Each layer, highest first; a layer may use only the layers after it. */
  private static final String[] ORDER = {"cli", "pipeline", "state", "top", "sum", "ranking", "tree", "variants",
      "rules", "input", "root"};

  static LayeredArchitecture packagesFollowTheData() {
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String layer : ORDER) {
      layers = layers.layer(layer).definedBy(layer.equals("root") ? MR : MR + "." + layer + "..");
    }
    layers = layers.layer("generate").definedBy(MR + ".generate..").layer("ingest").definedBy(MR + ".ingest..");
    layers = layers.whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("generate").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("ingest").mayOnlyBeAccessedByLayers("cli");
    for (int i = 1; i < ORDER.length; i++) {
      String[] above = new String[i + (i >= ORDER.length - 2 ? 2 : 0)];
      System.arraycopy(ORDER, 0, above, 0, i);
      if (i >= ORDER.length - 2) {
        // The generator and the ingest read and write the hour layout.
        above[i] = "generate";
        above[i + 1] = "ingest";
      }
      layers = layers.whereLayer(ORDER[i]).mayOnlyBeAccessedByLayers(above);
    }
    return layers;
  }

  static ArchRule noPackageCycles(String base) {
    return slices().matching(base + ".(**)").should().beFreeOfCycles();
  }

  private static final JavaClasses JOBS = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(MR);

  @Test
  void packagesFollowTheDataOneDirectionOnly() {
    packagesFollowTheData().check(JOBS);
  }

  @Test
  void noPackageDependsOnItselfThroughAnother() {
    noPackageCycles(MR).check(JOBS);
  }

  @Test
  void theRulesCatchACycleAndAnArrowAgainstTheDirection() {
    JavaClasses fixture = new ClassFileImporter().importPackages(MR + ".archfixture");
    assertThatThrownBy(() -> noPackageCycles(MR + ".archfixture").check(fixture)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected");
    ArchRule lowBelowHigh = layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("high").definedBy(MR + ".archfixture.high..").layer("low").definedBy(MR + ".archfixture.low..")
        .whereLayer("high").mayNotBeAccessedByAnyLayer().whereLayer("low").mayOnlyBeAccessedByLayers("high");
    assertThatThrownBy(() -> lowBelowHigh.check(fixture)).isInstanceOf(AssertionError.class)
        .hasMessageContaining("Low").hasMessageContaining("High");
    assertThatCode(() -> noPackageCycles(MR).check(JOBS)).doesNotThrowAnyException();
  }
}
