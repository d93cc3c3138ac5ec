import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * This machine's SHA-1 speed in Java, the ceiling for re-checking data: one thread, then one per core.
 * Run as a single source file: {@code java bench/Sha1Speed.java [SECONDS]}. Prints two lines,
 * {@code sha1_1thread_GBps X} and {@code sha1_allcores_GBps Y (N threads)}.
 *
 * <p>Each thread hashes its own 1 MiB buffer (a typical piece) over and over, so the figure is the
 * digest alone, with no I/O; a short warm-up lets the JIT install the SHA-1 intrinsic first.
 */
public final class Sha1Speed {
    private static final int PIECE = 1 << 20;

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        hashFor(1.0); // warm-up
        System.out.printf("sha1_1thread_GBps %.2f%n", hashFor(seconds) / seconds / 1e9);
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Long>> jobs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                jobs.add(() -> hashFor(seconds));
            }
            long total = 0;
            for (Future<Long> done : pool.invokeAll(jobs)) {
                total += done.get();
            }
            System.out.printf("sha1_allcores_GBps %.2f (%d threads)%n", total / seconds / 1e9, threads);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Hashes 1 MiB pieces for about {@code seconds}; returns the bytes hashed. */
    private static long hashFor(double seconds) throws NoSuchAlgorithmException {
        byte[] piece = new byte[PIECE];
        new Random(42).nextBytes(piece);
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long bytes = 0;
        byte sink = 0;
        while (System.nanoTime() < end) {
            sha1.update(piece);
            sink ^= sha1.digest()[0];
            bytes += PIECE;
        }
        if (sink == 42) {
            // Keeps the digests observable so the JIT cannot drop the loop.
            System.out.print("");
        }
        return bytes;
    }
}
