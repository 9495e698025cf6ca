package dev.rustmq;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * The JDK calls that read the clock, sleep, wait with a timeout or schedule: logic makes them
 * through {@code dev.rustmq.common.Time} (docs/time.md). Shutdown bounds ({@code awaitTermination},
 * {@code Thread.join(millis)}, Netty's {@code awaitUninterruptibly}) are not among them: they guard
 * against a hang on real threads and stay on the real clock.
 */
final class ClockCalls extends DescribedPredicate<JavaMethodCall> {
    static final ClockCalls READ_THE_CLOCK_OR_WAIT_FOR_IT = new ClockCalls();

    private ClockCalls() {
        super("reads the clock, sleeps, waits with a timeout or schedules (JDK)");
    }

    @Override
    public boolean test(JavaMethodCall call) {
        JavaClass owner = call.getTarget().getOwner();
        List<JavaClass> parameters = call.getTarget().getRawParameterTypes();
        boolean timed = parameters.stream().anyMatch(p -> p.isEquivalentTo(TimeUnit.class));
        return switch (call.getTarget().getName()) {
            case "nanoTime", "currentTimeMillis" -> owner.isEquivalentTo(System.class);
            case "sleep" -> owner.isEquivalentTo(Thread.class) || owner.isEquivalentTo(TimeUnit.class);
            case "orTimeout", "completeOnTimeout", "delayedExecutor" -> owner.isAssignableTo(CompletableFuture.class);
            case "awaitNanos", "awaitUntil" -> owner.isAssignableTo(Condition.class);
            case "await" -> timed && (owner.isAssignableTo(Condition.class)
                    || owner.isAssignableTo(CountDownLatch.class) || owner.isAssignableTo(CyclicBarrier.class));
            case "parkNanos", "parkUntil" -> owner.isEquivalentTo(LockSupport.class);
            case "poll", "offer", "pollFirst", "pollLast", "offerFirst", "offerLast" ->
                    timed && owner.isAssignableTo(BlockingQueue.class);
            case "get" -> timed && owner.isAssignableTo(Future.class);
            case "tryAcquire" -> timed && owner.isAssignableTo(Semaphore.class);
            case "tryLock" -> timed && owner.isAssignableTo(Lock.class);
            case "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay" ->
                    owner.isAssignableTo(ScheduledExecutorService.class);
            case "wait" -> !parameters.isEmpty() && owner.isAssignableTo(Object.class);
            case "now" -> owner.getPackageName().equals("java.time");
            case "system", "systemUTC", "systemDefaultZone" -> owner.isEquivalentTo(Clock.class);
            default -> false;
        };
    }
}
