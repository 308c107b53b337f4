package org.vectorgrad.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The persistent worker threads behind {@link Parallel#range}. A job is handed to each worker through a volatile
 * field, and workers spin briefly for the next job before parking, as OpenMP runtimes do: waking a parked thread
 * costs tens of microseconds on a virtual machine, as much as a whole mid-sized kernel, and a training step runs
 * many such kernels back to back. The caller runs the first chunk itself and then waits for the others the same way.
 *
 * <p>One job at a time: a second thread that calls in while a job runs (a data loader's prefetch thread, say) is
 * told to run its work itself, which gives the same results since chunks never change the arithmetic.
 */
final class WorkerPool {
    /**
     * How long an idle worker, or a caller waiting for workers, keeps polling before it parks (system property
     * {@code vectorgrad.spinNanos}, default 1 ms). Polling yields the processor each time, so that on an
     * oversubscribed machine (other tenants, more threads than cores) it does not take the core the thread it waits
     * for needs. Why 1 ms: a training step's kernels are often more than 50 us apart (autograd bookkeeping, small
     * serial ops), and a parked worker here started a job 40-60 us late (median; 90-340 us at the 90th percentile)
     * against 3-5 us when still polling; OpenMP runtimes poll for a similar time. conv1's forward+backward on two
     * threads went from 0.98-1.38 ms to 0.80-1.11 ms (JMH medians) when the poll grew from 50 us to 1 ms.
     */
    private static final long SPIN_NANOS = Long.getLong("vectorgrad.spinNanos", 1_000_000);
    /** Name of the worker threads; work submitted from them runs serially. */
    static final String THREAD_NAME = "vectorgrad-worker";

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();

    WorkerPool(int size) {
        workers = new Worker[size];
        for (int i = 0; i < size; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    /** The workers available besides the caller. */
    int size() {
        return workers.length;
    }

    /**
     * Runs the chunks {@code [i * chunk, (i + 1) * chunk)} (clipped) of {@code [0, total)} on the caller and
     * {@code n - 1} workers: with {@code shared}, each thread takes the next chunk not yet taken until none is
     * left; otherwise chunk {@code i < n} goes to thread {@code i}, chunk 0 the caller's. Returns false, having run
     * nothing, when another job is running.
     */
    boolean tryRun(long total, long chunk, int n, boolean shared, Parallel.RangeTask task) {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            Job job = new Job(task, total, chunk, shared, n - 1, Thread.currentThread());
            for (int i = 0; i < n - 1; i++) {
                workers[i].assign(job);
            }
            try {
                job.runFrom(0);
            } catch (RuntimeException | Error e) {
                job.failure.compareAndSet(null, e);
            }
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (job.pending.get() > 0) {
                if (System.nanoTime() < spinUntil) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(this, SPIN_NANOS); // the last worker to finish unparks us
                }
            }
            Throwable failure = job.failure.get();
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            return true;
        } finally {
            busy.set(false);
        }
    }

    /**
     * Stops the workers once the running job (if any) is done. The pool stays busy for good, so a caller still
     * holding it runs its work itself instead of handing it to a stopped worker.
     */
    void shutdown() {
        while (!busy.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        for (Worker w : workers) {
            w.stop = true;
            LockSupport.unpark(w);
        }
    }

    /**
     * One call's work, shared by the workers it is handed to; {@code next} is the next chunk to take when chunks
     * are shared ({@code null} when each thread has its own).
     */
    private record Job(Parallel.RangeTask task, long total, long chunk, AtomicLong next, AtomicInteger pending,
            Thread caller, AtomicReference<Throwable> failure) {
        Job(Parallel.RangeTask task, long total, long chunk, boolean shared, int workers, Thread caller) {
            this(task, total, chunk, shared ? new AtomicLong() : null, new AtomicInteger(workers), caller,
                    new AtomicReference<>());
        }

        /** Thread {@code index}'s part: its own chunk, or chunks taken in turn until none is left. */
        void runFrom(int index) {
            if (next == null) {
                long start = Math.min(total, index * chunk);
                task.run(start, Math.min(total, start + chunk));
                return;
            }
            for (long start = next.getAndAdd(chunk); start < total; start = next.getAndAdd(chunk)) {
                task.run(start, Math.min(total, start + chunk));
            }
        }
    }

    private static final class Worker extends Thread {
        private final int index;
        private volatile Job job;
        private volatile boolean parked;
        private volatile boolean stop;

        Worker(int index) {
            super(THREAD_NAME);
            this.index = index;
            setDaemon(true);
        }

        /** Hands over a job; wakes the worker if it parked. */
        void assign(Job j) {
            job = j;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            while (true) {
                Job j = awaitJob();
                if (j == null) {
                    return;
                }
                try {
                    j.runFrom(index);
                } catch (RuntimeException | Error e) {
                    j.failure().compareAndSet(null, e);
                }
                job = null; // before the count: the caller may hand out the next job as soon as it reaches 0
                if (j.pending().decrementAndGet() == 0) {
                    LockSupport.unpark(j.caller());
                }
            }
        }

        /** The next job, or null once stopped: spins for a while, then parks until assigned one. */
        private Job awaitJob() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Job j = job;
                if (j != null) {
                    return j;
                }
                if (stop) {
                    return null;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.yield();
                    continue;
                }
                // announce, then look again: assign() writes the job before reading the flag, so one of us sees
                // the other (both fields are volatile)
                parked = true;
                if (job == null && !stop) {
                    LockSupport.park(this);
                }
                parked = false;
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
        }
    }
}
