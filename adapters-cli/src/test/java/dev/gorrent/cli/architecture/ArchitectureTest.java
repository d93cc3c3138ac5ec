package dev.gorrent.cli.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks the production code against the hexagon's rules, and that the rules catch violations. */
class ArchitectureTest {
    private static JavaClasses production;
    private static JavaClasses brokenFixture;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.gorrent");
        brokenFixture = new ClassFileImporter().importPackages("dev.gorrent.archfixture");
    }

    @Test
    void everyModuleIsImported() {
        for (String pkg : new String[] {"dev.gorrent.domain", "dev.gorrent.application", "dev.gorrent.wire",
                "dev.gorrent.tracker", "dev.gorrent.storage", "dev.gorrent.crypto", "dev.gorrent.cli"}) {
            assertTrue(production.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)),
                    "no classes imported from " + pkg);
        }
    }

    @TestFactory
    Stream<DynamicTest> productionCodeFollowsTheRules() {
        return ArchitectureRules.all("dev.gorrent").stream()
                .map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> rule.check(production)));
    }

    @TestFactory
    Stream<DynamicTest> eachRuleCatchesItsViolationInTheBrokenFixture() {
        String base = "dev.gorrent.archfixture";
        return Stream.of(
                        ArchitectureRules.domainIsPure(base),
                        ArchitectureRules.domainUsesNoThreads(base),
                        ArchitectureRules.applicationSeesOnlyDomain(base),
                        ArchitectureRules.applicationKnowsNoFrameworks(base),
                        ArchitectureRules.adaptersAreIndependent(base, "wire"))
                .map(rule -> DynamicTest.dynamicTest("fails: " + rule.getDescription(),
                        () -> assertThrows(AssertionError.class, () -> check(rule))));
    }

    private static void check(ArchRule rule) {
        rule.check(brokenFixture);
    }
}
