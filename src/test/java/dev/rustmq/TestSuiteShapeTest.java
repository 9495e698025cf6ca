package dev.rustmq;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * The shape of the test suite (docs/build.md#tests): a unit test ({@code *Test}, run by surefire)
 * opens no socket and starts no process, neither itself nor through a test helper such as
 * {@code TestNode} or {@code S3ProxyServer}. Whatever needs a port or a process is an {@code *IT}
 * (failsafe).
 */
@AnalyzeClasses(packages = "dev.rustmq", importOptions = ImportOption.OnlyIncludeTests.class)
class TestSuiteShapeTest {
    /** What opens a socket or starts a process: the JDK's APIs, Netty's bootstraps, and RustMQ's own. */
    private static final Set<String> OPENS_SOCKETS_OR_PROCESSES = Set.of(
            "java.net.Socket", "java.net.ServerSocket", "java.net.DatagramSocket", "java.net.MulticastSocket",
            "java.net.HttpURLConnection", "java.net.http.HttpClient",
            "java.nio.channels.SocketChannel", "java.nio.channels.ServerSocketChannel",
            "java.nio.channels.DatagramChannel", "java.nio.channels.AsynchronousSocketChannel",
            "java.nio.channels.AsynchronousServerSocketChannel",
            "java.lang.ProcessBuilder", "java.lang.Process",
            "io.netty.bootstrap.Bootstrap", "io.netty.bootstrap.ServerBootstrap",
            "io.netty.handler.codec.quic.QuicChannelBootstrap",
            // The node binds its listeners; the transports bind; the client connects.
            "dev.rustmq.node.RustMqNode", "dev.rustmq.transport.TcpServer", "dev.rustmq.transport.QuicServer",
            "dev.rustmq.client.RustMqClient", "dev.rustmq.client.Connection",
            "dev.rustmq.client.quic.QuicClientTransport");

    /** Methods that connect, of classes a unit test may otherwise use (a producer over a fake client). */
    private static final Set<String> CONNECTS = Set.of("dev.rustmq.client.producer.Producer.connect");

    private static final DescribedPredicate<JavaClass> UNIT_TESTS =
            DescribedPredicate.describe("unit tests (named *Test, *Tests or *TestCase)",
                    c -> isUnitTestName(topLevel(c).getSimpleName()));

    @ArchTest
    static final ArchRule unitTestsOpenNoSocketsAndStartNoProcesses = classes().that(UNIT_TESTS)
            .should(reachNothingThatOpensSocketsOrProcesses())
            .because("a unit test needs no port and no process; an in-process node, S3Proxy or a child JVM "
                    + "makes it an *IT (docs/build.md)");

    static boolean isUnitTestName(String name) {
        return !name.endsWith("IT") && (name.endsWith("Test") || name.endsWith("Tests") || name.endsWith("TestCase"));
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    private static boolean isTestCode(JavaClass c) {
        return c.getSource().map(s -> s.getUri().toString().contains("/test-classes/")).orElse(false);
    }

    /**
     * Follows the class's dependencies through test code (helpers, fixtures, other tests) and fails
     * on the first step into {@link #OPENS_SOCKETS_OR_PROCESSES}, naming the path.
     */
    private static ArchCondition<JavaClass> reachNothingThatOpensSocketsOrProcesses() {
        return new ArchCondition<>("reach no socket, process, Netty bootstrap, node or client, also through "
                + "test helpers") {
            @Override
            public void check(JavaClass test, ConditionEvents events) {
                Map<JavaClass, JavaClass> reachedFrom = new HashMap<>();
                Queue<JavaClass> next = new ArrayDeque<>();
                reachedFrom.put(test, test);
                next.add(test);
                while (!next.isEmpty()) {
                    JavaClass from = next.remove();
                    for (JavaMethodCall call : from.getMethodCallsFromSelf()) {
                        if (CONNECTS.contains(call.getTargetOwner().getName() + "." + call.getName())) {
                            events.add(SimpleConditionEvent.violated(test, path(test, from, reachedFrom)
                                    + " connects: " + call.getDescription()));
                            return;
                        }
                    }
                    for (Dependency d : from.getDirectDependenciesFromSelf()) {
                        JavaClass target = d.getTargetClass();
                        if (OPENS_SOCKETS_OR_PROCESSES.contains(target.getName())) {
                            events.add(SimpleConditionEvent.violated(test, path(test, from, reachedFrom)
                                    + " uses " + target.getName() + ": " + d.getDescription()));
                            return;
                        }
                        if (isTestCode(target) && !reachedFrom.containsKey(target)) {
                            reachedFrom.put(target, from);
                            next.add(target);
                        }
                    }
                }
            }
        };
    }

    private static String path(JavaClass test, JavaClass last, Map<JavaClass, JavaClass> reachedFrom) {
        StringBuilder path = new StringBuilder(shortName(last));
        for (JavaClass c = last; !c.equals(test); ) {
            c = reachedFrom.get(c);
            path.insert(0, shortName(c) + " -> ");
        }
        return path.toString();
    }

    /** The name without the package, nested and anonymous classes included ({@code Outer$1}). */
    private static String shortName(JavaClass c) {
        return c.getName().substring(c.getPackageName().isEmpty() ? 0 : c.getPackageName().length() + 1);
    }
}
