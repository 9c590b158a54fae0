package dev.airgap.bundle.importer.flavor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Runs an action at most once per key with success, however many threads ask: an import pushes
 * many images into the same project concurrently, and each would otherwise call the admin API.
 * Threads asking for a key that is being worked on wait for that one call instead of making their
 * own. A failure is not remembered, so a later call (a re-run) tries again; threads that were
 * waiting on the failed call get its error rather than all hammering the API at once.
 */
final class OncePerKey {
  private final ConcurrentMap<String, CompletableFuture<Void>> calls = new ConcurrentHashMap<>();

  void run(String key, Runnable action) {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> earlier = calls.putIfAbsent(key, mine);
    if (earlier != null) {
      await(earlier);
      return;
    }
    try {
      action.run();
      mine.complete(null);
    } catch (RuntimeException | Error e) {
      calls.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private static void await(CompletableFuture<Void> call) {
    try {
      call.join();
    } catch (CompletionException e) {
      // A fresh exception, so this thread's stack shows where it waited.
      Throwable cause = e.getCause();
      if (cause instanceof FlavorException f) {
        throw new FlavorException(f.getMessage(), f);
      }
      throw new FlavorException("an earlier attempt to prepare the same repository failed: " + cause, cause);
    }
  }
}
