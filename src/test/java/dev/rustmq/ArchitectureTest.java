package dev.rustmq;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Only {@code app} and {@code api} may touch Jakarta EE or MicroProfile, so everything else runs
 * in plain unit tests and in-process clusters without a server (DESIGN.md, "Code layout").
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

    @ArchTest
    static final ArchRule clientUsesOnlyTheProtocol = noClasses()
            .that().resideInAPackage("dev.rustmq.client..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rustmq.broker..", "dev.rustmq.storage..",
                    "dev.rustmq.controller..", "dev.rustmq.node..", "dev.rustmq.transport..", "dev.rustmq.app..",
                    "dev.rustmq.api..", "dev.rustmq.config..", "dev.rustmq.bench..")
            .because("the client ships apart from the server: it may use only dev.rustmq.protocol, errors and common");

    @ArchTest
    static final ArchRule onlyTheQuicClientUsesNetty = noClasses()
            .that().resideInAPackage("dev.rustmq.client..")
            .and().resideOutsideOfPackage("dev.rustmq.client.quic")
            .should().dependOnClassesThat().resideInAPackage("io.netty..")
            .because("the client is plain Java except its QUIC transport (dev.rustmq.client.quic)");

    @ArchTest
    static final ArchRule protocolDoesNotDependOnTheServer = noClasses()
            .that().resideInAPackage("dev.rustmq.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rustmq.broker..", "dev.rustmq.storage..",
                    "dev.rustmq.controller..", "dev.rustmq.node..", "dev.rustmq.transport..", "dev.rustmq.app..",
                    "dev.rustmq.api..", "dev.rustmq.client..")
            .because("the protocol is shared by the broker and the client");
}
