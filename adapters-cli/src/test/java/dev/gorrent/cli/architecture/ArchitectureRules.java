package dev.gorrent.cli.architecture;

import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The hexagon's dependency rules, written for any base package so that the same rules can be shown
 * to fail on a deliberately broken fixture.
 */
final class ArchitectureRules {
    /** What pure domain code may use from the JDK: values and logic, no I/O, threads or networking. */
    private static final String[] JDK_FOR_DOMAIN = {
        "java.lang", "java.lang.invoke", "java.lang.runtime", "java.lang.reflect",
        "java.util", "java.util.function", "java.util.random", "java.util.stream",
        "java.math", "java.nio", "java.nio.charset", "java.security", "java.time"
    };

    private ArchitectureRules() {
    }

    static List<ArchRule> all(String base) {
        return List.of(
                domainIsPure(base),
                domainUsesNoThreads(base),
                applicationSeesOnlyDomain(base),
                applicationKnowsNoFrameworks(base),
                adaptersAreIndependent(base, "wire"),
                adaptersAreIndependent(base, "tracker"),
                adaptersAreIndependent(base, "storage"),
                adaptersAreIndependent(base, "crypto"));
    }

    static ArchRule domainIsPure(String base) {
        String[] allowed = new String[JDK_FOR_DOMAIN.length + 1];
        System.arraycopy(JDK_FOR_DOMAIN, 0, allowed, 0, JDK_FOR_DOMAIN.length);
        allowed[JDK_FOR_DOMAIN.length] = base + ".domain..";
        return classes().that().resideInAPackage(base + ".domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .because("the domain is pure: java.base values and logic only, no I/O or frameworks");
    }

    static ArchRule domainUsesNoThreads(String base) {
        return noClasses().that().resideInAPackage(base + ".domain..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ThreadLocal")
                .orShould().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
                .because("threads belong to the application and the adapters");
    }

    static ArchRule applicationSeesOnlyDomain(String base) {
        return classes().that().resideInAPackage(base + ".application..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", base + ".domain..", base + ".application..")
                .because("the application reaches the world only through its ports");
    }

    static ArchRule applicationKnowsNoFrameworks(String base) {
        return noClasses().that().resideInAnyPackage(base + ".domain..", base + ".application..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..",
                        "javax.inject..", "picocli..", "org.slf4j..")
                .because("only the composition root wires and only adapters log");
    }

    static ArchRule adaptersAreIndependent(String base, String adapter) {
        String[] others = List.of("wire", "tracker", "storage", "crypto", "cli").stream()
                .filter(other -> !other.equals(adapter))
                .map(other -> base + "." + other + "..")
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(base + "." + adapter + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("each adapter stands alone; only the CLI composes them");
    }
}
