package dev.kappa.cli.internal;

import picocli.CommandLine.Command;

/**
 * {@code kappa query}: questions to a running server. {@code view} queries a view's committed state
 * ({@link QueryViewCommand}); {@code stream} runs an on-demand aggregation of a stream over a time
 * range ({@link QueryStreamCommand}).
 */
@Command(
    name = "query",
    description =
        "Query a running server: a view's state, or an on-demand aggregation of a stream.",
    subcommands = {
      QueryViewCommand.class,
      QueryStreamCommand.class,
    })
final class QueryCommand {}
