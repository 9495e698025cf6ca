package dev.rustmq;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rooms of docs/architecture.md and what each may import. The SDK (protocol, client, CLI) is
 * compiled into this build from sdk/java (docs/build.md), so its rules are checked here too, on
 * the same classes the WAR and the client jar are made of.
 */
@AnalyzeClasses(packages = "dev.rustmq", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** The Java SDK's packages: the client jar holds these and nothing else. */
    static final String[] SDK = {"dev.rustmq.protocol..", "dev.rustmq.client..", "dev.rustmq.cli..",
            "dev.rustmq.common..", "dev.rustmq.errors.."};
    /** The server's packages, the SDK's protocol excepted. */
    static final String[] SERVER = {"dev.rustmq.config..", "dev.rustmq.metadata..", "dev.rustmq.storage..",
            "dev.rustmq.broker..", "dev.rustmq.controller..", "dev.rustmq.metrics..", "dev.rustmq.transport..",
            "dev.rustmq.node..", "dev.rustmq.app..", "dev.rustmq.api..", "dev.rustmq.admin.."};

    @ArchTest
    static final ArchRule coreIsPlainJava = noClasses()
            .that().resideOutsideOfPackages("dev.rustmq.app..", "dev.rustmq.api..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "org.eclipse.microprofile..")
            .because("only the app and api packages may use Jakarta EE or MicroProfile");

    @ArchTest
    static final ArchRule coreDoesNotDependOnTheServerLayer = noClasses()
            .that().resideOutsideOfPackages("dev.rustmq.app..", "dev.rustmq.api..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rustmq.app..", "dev.rustmq.api..")
            .because("the server layer (app, api) wires the core, never the other way round");

    @ArchTest
    static final ArchRule sdkDoesNotDependOnTheServer = noClasses()
            .that().resideInAnyPackage(SDK)
            .should().dependOnClassesThat().resideInAnyPackage(SERVER)
            .because("the protocol, client and CLI ship in the server-free client jar (sdk/java)");

    @ArchTest
    static final ArchRule serverDoesNotUseTheClientOrTheCli = noClasses()
            .that().resideInAnyPackage(SERVER)
            .should().dependOnClassesThat().resideInAnyPackage("dev.rustmq.client..", "dev.rustmq.cli..")
            .because("the WAR leaves the SDK's client and CLI out (docs/build.md); the server shares the protocol only");

    @ArchTest
    static final ArchRule metadataIsNeutral = noClasses()
            .that().resideInAPackage("dev.rustmq.metadata..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rustmq.config..", "dev.rustmq.storage..",
                    "dev.rustmq.broker..", "dev.rustmq.controller..", "dev.rustmq.metrics..", "dev.rustmq.transport..",
                    "dev.rustmq.node..")
            .because("metadata records are the shared vocabulary of storage, broker and controller");

    @ArchTest
    static final ArchRule storageDoesNotKnowTheController = noClasses()
            .that().resideInAPackage("dev.rustmq.storage..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rustmq.controller..", "dev.rustmq.broker..",
                    "dev.rustmq.transport..", "dev.rustmq.node..")
            .because("storage reads and writes metadata through dev.rustmq.metadata.StorageMetadata only");

    @ArchTest
    static final ArchRule controllerDoesNotKnowTheDataPath = noClasses()
            .that().resideInAPackage("dev.rustmq.controller..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rustmq.storage..", "dev.rustmq.broker..",
                    "dev.rustmq.transport..", "dev.rustmq.node..")
            .because("a controller-only node runs no storage and no broker");

    @ArchTest
    static final ArchRule brokerDoesNotKnowItsTransportsOrItsNode = noClasses()
            .that().resideInAPackage("dev.rustmq.broker..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rustmq.transport..", "dev.rustmq.node..")
            .because("produce and fetch handling is the same whatever carries the request");

    @ArchTest
    static final ArchRule replicationKnowsNeitherTheControllerNorHowItIsCarried = noClasses()
            .that().resideInAPackage("dev.rustmq.replication..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rustmq.controller..", "dev.rustmq.transport..",
                    "dev.rustmq.rpc..", "dev.rustmq.node..", "dev.rustmq.admin..")
            .because("replicas reach the controller through the metadata ports and each other through a "
                    + "ReplicaChannel, so the same classes run in a node and in the seeded simulation");

    @ArchTest
    static final ArchRule onlyTheNodeAssemblesTheRooms = noClasses()
            .that().resideOutsideOfPackages("dev.rustmq.node..", "dev.rustmq.app..", "dev.rustmq.api..")
            .should().dependOnClassesThat().resideInAPackage("dev.rustmq.node..")
            .because("the node assembles storage, broker, controller and transports by role; they do not know it");

    @ArchTest
    static final ArchRule timeIsInjected = noClasses()
            .that().resideOutsideOfPackage("dev.rustmq.cli..")
            .and().doNotHaveFullyQualifiedName("dev.rustmq.common.SystemTime")
            .should().callMethodWhere(ClockCalls.READ_THE_CLOCK_OR_WAIT_FOR_IT)
            .because("logic reads the clock and waits through dev.rustmq.common.Time, so it runs on a MockTime in "
                    + "seeded simulations (docs/time.md); the CLI's output and perf timing may use the real clock");

    @ArchTest
    static final ArchRule configAndMetricsStandAlone = noClasses()
            .that().resideInAnyPackage("dev.rustmq.config..", "dev.rustmq.metrics..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rustmq.metadata..", "dev.rustmq.storage..",
                    "dev.rustmq.broker..", "dev.rustmq.controller..", "dev.rustmq.transport..", "dev.rustmq.node..")
            .because("every room reads its settings and reports its metrics through these two");

    @ArchTest
    static final ArchRule adminServesTheTransportsAndTheRestApi = noClasses()
            .that().resideInAnyPackage("dev.rustmq.config..", "dev.rustmq.metadata..", "dev.rustmq.storage..",
                    "dev.rustmq.broker..", "dev.rustmq.controller..", "dev.rustmq.metrics..")
            .should().dependOnClassesThat().resideInAPackage("dev.rustmq.admin..")
            .because("admin operations are the controller's operation plus this broker brought in step; the "
                    + "protocol (transport) and the REST API (api) call them, the rooms below do not");

    @ArchTest
    static final ArchRule adminDoesNotKnowItsCallers = noClasses()
            .that().resideInAPackage("dev.rustmq.admin..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.rustmq.transport..", "dev.rustmq.node..")
            .because("the REST API and the protocol's admin requests share one mapping to controller operations");

    @ArchTest
    static final ArchRule brokerSideDoesNotAssumeALocalController = noClasses()
            .that().resideInAnyPackage("dev.rustmq.broker..", "dev.rustmq.transport..")
            .or().haveFullyQualifiedName("dev.rustmq.node.StorageServices")
            .or().haveFullyQualifiedName("dev.rustmq.node.BrokerServices")
            .or().haveFullyQualifiedName("dev.rustmq.node.Transports")
            .should().dependOnClassesThat().resideInAPackage("dev.rustmq.controller..")
            .because("a broker reaches the controller through ports (StorageMetadata, BrokerRegistration, "
                    + "ControllerOperations) that a remote controller's RPC client can also serve");
}
