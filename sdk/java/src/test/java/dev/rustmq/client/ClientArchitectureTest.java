package dev.rustmq.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The SDK's own build keeps server classes out of this jar (the server's ArchitectureTest checks
 * the same where both are compiled together); these rules keep its optional dependencies
 * contained, so an application using only TCP needs no Netty on its classpath, and the client
 * itself no JSON library.
 */
@AnalyzeClasses(packages = "dev.rustmq", importOptions = ImportOption.DoNotIncludeTests.class)
class ClientArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheQuicClientUsesNetty = noClasses()
            .that().resideInAnyPackage("dev.rustmq.protocol..", "dev.rustmq.client..", "dev.rustmq.common..",
                    "dev.rustmq.errors..", "dev.rustmq.cli..")
            .and().resideOutsideOfPackage("dev.rustmq.client.quic")
            .should().dependOnClassesThat().resideInAPackage("io.netty..")
            .because("the client is plain Java except its QUIC transport (dev.rustmq.client.quic)");

    @ArchTest
    static final ArchRule onlyTheCliUsesJackson = noClasses()
            .that().resideInAnyPackage("dev.rustmq.protocol..", "dev.rustmq.client..", "dev.rustmq.common..",
                    "dev.rustmq.errors..")
            .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
            .because("JSON is the admin API's, which only the rustmq command's operator commands speak");

    @ArchTest
    static final ArchRule protocolDoesNotDependOnTheClient = noClasses()
            .that().resideInAPackage("dev.rustmq.protocol..")
            .should().dependOnClassesThat().resideInAPackage("dev.rustmq.client..")
            .because("the protocol is shared by the broker and the client");
}
