package dev.gorrent.tracker.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Collects an answer body of at most {@code cap} bytes. On the first byte past the cap it raises the
 * caller's {@code exceeded} flag and cancels the rest, so a hostile tracker cannot fill the heap.
 * The flag, not the exchange's outcome, is what tells "too long": cancelling may fail the exchange
 * ("stream cancelled") before or after the truncated body is delivered.
 * The HTTP client signals one call at a time (Reactive Streams rule 1.3), so the fields need no lock;
 * the flag is atomic because the caller's thread reads it.
 */
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
    private static final int INITIAL_BUFFER = 8 * 1024;

    private final int cap;
    private final AtomicBoolean exceeded;
    private final ByteArrayOutputStream collected;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    CappedBodySubscriber(int cap, AtomicBoolean exceeded) {
        if (cap <= 0) {
            throw new IllegalArgumentException("body cap must be positive");
        }
        this.cap = cap;
        this.exceeded = exceeded;
        this.collected = new ByteArrayOutputStream(Math.min(cap, INITIAL_BUFFER));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        subscription = newSubscription;
        newSubscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return; // buffers already in flight when we cancelled
        }
        for (ByteBuffer buffer : buffers) {
            if (buffer.remaining() > cap - collected.size()) {
                exceeded.set(true);
                body.complete(collected.toByteArray());
                subscription.cancel();
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            collected.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(collected.toByteArray());
    }
}
