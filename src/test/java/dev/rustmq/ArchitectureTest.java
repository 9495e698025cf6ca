package dev.rustmq;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Only {@code app} and {@code api} may touch Jakarta EE or MicroProfile, so everything else runs
 * in plain unit tests and in-process clusters without a server (DESIGN.md, "Code layout"). The client
 * and protocol live in the rustmq-client module, which cannot see server classes at all.
 */
@AnalyzeClasses(packages = "dev.rustmq", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreIsPlainJava = noClasses()
            .that().resideOutsideOfPackages("dev.rustmq.app..", "dev.rustmq.api..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "org.eclipse.microprofile..")
            .because("only the app and api packages may use Jakarta EE or MicroProfile");

    @ArchTest
    static final ArchRule coreDoesNotDependOnTheServerLayer = noClasses()
            .that().resideInAnyPackage("dev.rustmq.config..", "dev.rustmq.controller..", "dev.rustmq.node..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rustmq.app..", "dev.rustmq.api..")
            .because("the server layer wires the core, never the other way round");
}
