package dev.rustmq.protocol.record;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The batch codec is shared with the Java client: plain Java, the error types and the two codec
 * libraries only (lz4-java's xxhash too, for the LZ4 frame checksums).
 */
@AnalyzeClasses(packages = "dev.rustmq.protocol.record", importOptions = ImportOption.DoNotIncludeTests.class)
class RecordPackageArchitectureTest {

    @ArchTest
    static final ArchRule onlyJavaErrorsAndCodecs = classes()
            .that().resideInAPackage("dev.rustmq.protocol.record")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "java..", "dev.rustmq.protocol.record", "dev.rustmq.errors", "net.jpountz.lz4",
                    "net.jpountz.xxhash", "com.github.luben.zstd")
            .because("the client reuses this package without the server");
}
