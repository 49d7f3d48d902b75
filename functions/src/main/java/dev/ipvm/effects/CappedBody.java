package dev.ipvm.effects;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body kept to at most {@code max} bytes. Past that it cancels the subscription (the
 * client drops the connection rather than reading on) and completes with what it has, marked
 * truncated, so a huge or endless body costs at most {@code max} bytes of memory.
 * One instance per attempt.
 */
final class CappedBody implements HttpResponse.BodySubscriber<CappedBody.Body> {

  /** The bytes kept, and whether the server sent more. */
  record Body(byte[] bytes, boolean truncated) {}

  private final int max;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final CompletableFuture<Body> result = new CompletableFuture<>();
  private Flow.Subscription subscription; // guarded by this
  private boolean aborted; // guarded by this

  CappedBody(int max) {
    this.max = max;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    synchronized (this) {
      if (subscription == null && !aborted) {
        subscription = s;
        s.request(1);
        return;
      }
    }
    s.cancel(); // a second subscription, or aborted before the body started
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    Flow.Subscription s;
    boolean full = false;
    synchronized (this) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : buffers) {
        int room = max - out.size();
        int n = Math.min(b.remaining(), room);
        byte[] chunk = new byte[n];
        b.get(chunk);
        out.write(chunk, 0, n);
        if (b.hasRemaining()) {
          full = true;
          break;
        }
      }
      s = subscription;
    }
    if (full) {
      s.cancel();
      result.complete(new Body(out.toByteArray(), true));
    } else {
      s.request(1);
    }
  }

  @Override
  public void onError(Throwable t) {
    result.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    result.complete(new Body(out.toByteArray(), false));
  }

  @Override
  public CompletionStage<Body> getBody() {
    return result;
  }

  /** Stops reading (the attempt timed out): cancels the subscription and fails the body. */
  void abort() {
    Flow.Subscription s;
    synchronized (this) {
      aborted = true;
      s = subscription;
    }
    if (s != null) {
      s.cancel();
    }
    result.completeExceptionally(new CancellationException("response body aborted"));
  }
}
