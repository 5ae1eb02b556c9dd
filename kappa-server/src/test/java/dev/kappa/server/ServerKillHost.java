package dev.kappa.server;

import java.nio.file.Path;

/**
 * The process that {@link ServerKillRecoveryTest} kills with SIGKILL: a {@link KappaServer} on the
 * data directory {@code args[0]} and any free port, which it prints as {@code listening PORT} once
 * it serves. It then serves until it is killed. Usage: {@code ServerKillHost DATA_DIR}.
 */
public final class ServerKillHost {

  private ServerKillHost() {}

  public static void main(String[] args) throws InterruptedException {
    KappaServer server =
        KappaServer.start(ServerConfig.builder().dataDir(Path.of(args[0])).port(0).build());
    System.out.println("listening " + server.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
