package dev.rustmq.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The frames and messages are shared with the Java client and every transport: plain Java, nothing of the server. */
@AnalyzeClasses(packages = "dev.rustmq.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ProtocolPackageArchitectureTest {

    @ArchTest
    static final ArchRule framesAndMessagesArePlainJava = classes()
            .that().resideInAnyPackage("dev.rustmq.protocol", "dev.rustmq.protocol.message")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "java..", "dev.rustmq.protocol", "dev.rustmq.protocol.message", "dev.rustmq.errors",
                    "dev.rustmq.common")
            .because("the protocol runs unchanged over QUIC and TCP, in the broker and in the client");
}
