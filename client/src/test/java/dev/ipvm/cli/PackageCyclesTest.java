package dev.ipvm.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The client's packages, and the schemas it uses, depend on each other in one direction. */
class PackageCyclesTest {
  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().matching("dev.ipvm.(**)").should().beFreeOfCycles().check(new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.ipvm"));
  }
}
