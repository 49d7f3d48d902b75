package dev.ipvm.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The client's packages, and the schemas it uses, depend on each other in one direction. */
class PackageCyclesTest {
  @Test
  void noPackageDependsOnItselfThroughOthers() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.ipvm");
    slices().matching("dev.ipvm.(**)").should().beFreeOfCycles().check(classes);
    // Workflows are a unit of their own: the command line uses them, never the other way round.
    noClasses().that().resideInAPackage("dev.ipvm.workflow..")
        .should().dependOnClassesThat().resideInAPackage("dev.ipvm.cli..").check(classes);
  }
}
