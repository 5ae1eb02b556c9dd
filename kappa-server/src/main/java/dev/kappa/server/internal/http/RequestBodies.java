package dev.kappa.server.internal.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;

/**
 * Reads request bodies without ever holding more than {@code maxBodyBytes}: a declared {@code
 * Content-Length} over the limit is refused before a byte is read, and a chunked body is read only
 * up to the limit. A body that stops arriving fails once Jetty's idle timeout closes the
 * connection.
 *
 * <p>Thread-safe.
 */
public final class RequestBodies {

  private static final int CHUNK = 64 << 10;
  private static final long INITIAL_BUFFER_LIMIT = 64 << 10;
  private final long maxBodyBytes;

  public RequestBodies(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Refuses a request whose declared length is over the limit; runs before any handler.
   *
   * @throws ApiException {@code payload_too_large}
   */
  public void checkDeclaredLength(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw tooLarge("the body is " + declared + " bytes");
    }
  }

  /**
   * The whole body.
   *
   * @throws ApiException {@code payload_too_large} past the limit, {@code request_timeout} if the
   *     client stalls or goes away mid-body
   */
  public byte[] read(Context ctx) {
    checkDeclaredLength(ctx);
    long declared = ctx.req().getContentLengthLong();
    // Grows as bytes arrive: allocating a declared length up front lets clients that promise
    // big bodies and send nothing exhaust the heap.
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) Math.clamp(declared, 8192, INITIAL_BUFFER_LIMIT));
    byte[] buffer = new byte[CHUNK];
    try (InputStream in = ctx.req().getInputStream()) {
      long total = 0;
      for (int n; (n = in.read(buffer)) != -1; ) {
        total += n;
        if (total > maxBodyBytes) {
          throw tooLarge("the body is over " + maxBodyBytes + " bytes");
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new ApiException(
          ErrorCode.REQUEST_TIMEOUT,
          "the body could not be read"
              + (isTimeout(e) ? ": the client sent nothing for too long" : ": " + e.getMessage()),
          null,
          e);
    }
    return out.toByteArray();
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private ApiException tooLarge(String what) {
    return new ApiException(
        ErrorCode.PAYLOAD_TOO_LARGE,
        what + ", the limit is " + maxBodyBytes + " bytes (maxBodyBytes)",
        null,
        null);
  }
}
