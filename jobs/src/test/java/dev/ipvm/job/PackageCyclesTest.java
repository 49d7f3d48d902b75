package dev.ipvm.job;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Packages depend on each other in one direction: a cycle would make any one of them impossible to
 * understand, test or change alone. Covers every module on this classpath: schemas, functions,
 * deploy and the job (the client has a test of its own). In the job the layers read
 * config ← event ← {intake, task, exec, receipt} ← kafka (serde) ← {@link IpvmJob}.
 */
class PackageCyclesTest {
  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.ipvm");

  @Test
  void noPackageDependsOnItselfThroughOthers() {
    slices().matching("dev.ipvm.(**)").should().beFreeOfCycles().check(CLASSES);
  }
}
